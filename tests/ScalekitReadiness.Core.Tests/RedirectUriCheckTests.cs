using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class RedirectUriCheckTests
{
    private const string Production = "https://app.example.com/auth/callback";

    private static AuditConfiguration Offline(string uri, params string[] allowed)
    {
        var configuration = new AuditConfiguration();
        configuration.App.RedirectUris.Add(uri);
        foreach (string value in allowed)
        {
            configuration.Dashboard.AllowedCallbackUrls.Add(value);
        }

        return configuration;
    }

    [Fact]
    public async Task OfflineExactMatchPassesWithoutAnyRequest()
    {
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Offline), Offline(Production, Production));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(Production, result.Target);
        Assert.Equal(0, requests);
    }

    [Theory]
    [InlineData("https://app.example.com/auth/callback/", "trailing slash")]
    [InlineData("https://APP.example.com/auth/callback", "letter case")]
    [InlineData("https://app.example.com:8443/auth/callback", "port 8443 instead of 443")]
    public async Task OfflineNearMissesAreNamed(string uri, string difference)
    {
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Offline), Offline(uri, Production));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains($"near miss of '{Production}' ({difference})", Assert.Single(result.Reasons));
        Assert.Equal(0, requests);
    }

    [Fact]
    public void NearMissesNameSchemeAndQuery()
    {
        Assert.Equal("scheme http instead of https", RedirectUriRules.NearMiss("http://app.example.com/cb", "https://app.example.com/cb"));
        Assert.Equal("query string", RedirectUriRules.NearMiss("https://app.example.com/cb?x=1", "https://app.example.com/cb"));
        Assert.Null(RedirectUriRules.NearMiss("https://other.example.com/cb", "https://app.example.com/cb"));
    }

    [Fact]
    public async Task OfflineUnknownUriFails()
    {
        CheckResult result = (await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Offline), Offline("https://other.example.com/cb", Production))).Results.Single();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("is not in the allowed callback URLs", Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData("http://app.example.com/auth/callback", "must be https")]
    [InlineData("https://localhost/auth/callback", "belong in development")]
    [InlineData("https://127.0.0.1:8443/auth/callback", "belong in development")]
    [InlineData("https://app.example.com/auth/*", "wildcard")]
    [InlineData("https://app.example.com/auth/callback?next=1", "query string")]
    [InlineData("https://app.example.com/auth/callback#top", "fragment")]
    public async Task EachProductionRuleFailsWithItsOwnReason(string uri, string reason)
    {
        CheckResult result = (await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Offline), Offline(uri))).Results.Single();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task TooLongUriFails()
    {
        string uri = "https://app.example.com/" + new string('a', 240);
        CheckResult result = (await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Offline), Offline(uri))).Results.Single();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("at most 256", Assert.Single(result.Reasons));
    }

    [Fact]
    public void VariantsKeepLetterCaseAndSkipCaseForIpHosts()
    {
        var named = RedirectUriVariant.Of("https://app.example.com/auth/callback").ToDictionary(v => v.Name, v => v.Uri);
        Assert.Equal(8, named.Count);
        Assert.Equal("https://app.example.com/auth/callback/", named["trailing slash added"]);
        Assert.Equal("https://app.example.com/auth/callback/sk-probe", named["extra path segment"]);
        Assert.Equal("https://APP.EXAMPLE.COM/auth/callback", named["upper-cased host"]);
        Assert.Equal("http://app.example.com/auth/callback", named["http scheme"]);
        Assert.Equal("https://app.example.com/auth/callback?sk_probe=1", named["appended query"]);
        Assert.Equal("https://app.example.com@sk-probe.invalid/auth/callback", named["userinfo trick"]);
        Assert.Equal("https://app.example.com.sk-probe.invalid/auth/callback", named["attacker subdomain suffix"]);
        Assert.Equal("https://sk-probe.invalid/auth/callback", named["foreign host"]);

        Assert.Equal(7, RedirectUriVariant.Of("https://127.0.0.1:8443/cb").Count);
        Assert.Equal("https://127.0.0.1.sk-probe.invalid:8443/cb", RedirectUriVariant.Of("https://127.0.0.1:8443/cb").Single(v => v.Name == "attacker subdomain suffix").Uri);
    }

    private static AuditConfiguration Live(Deployment deployment, string registered)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.ClientId = deployment.ClientId;
        configuration.Dashboard.AllowedCallbackUrls.Add(registered);
        return configuration;
    }

    [Fact]
    public async Task LiveCleanServerRefusesEveryVariantWithOneRequestEach()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        string registered = deployment.RegisteredRedirectUris[1]; // https://localhost:<port>/auth/callback: all 8 variants apply
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Live), Live(deployment, registered));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal("8 of 8 variants", AuthFlowsSupport.Evidence(result, "Refused"));
        Assert.StartsWith("HTTP 302: redirected to " + registered + "?…", AuthFlowsSupport.Evidence(result, "Registered URI"));
        Assert.Equal(10, requests); // discovery, the registered URI, then each variant once
    }

    [Theory]
    [InlineData(Faults.RedirectTrailingSlashTolerant, 0, "trailing slash added")]
    [InlineData(Faults.RedirectCaseInsensitiveHost, 1, "upper-cased host")]
    public async Task LiveLooseMatchingFailsOnTheVariantItAccepts(string fault, int registeredIndex, string variant)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = (await AuthFlowsSupport.RunCountedAsync(
            new RedirectUriCheck(RedirectUriProbeMode.Live), Live(deployment, deployment.RegisteredRedirectUris[registeredIndex]))).Results.Single();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains($"({variant})", Assert.Single(result.Reasons));
        Assert.Contains("does not match redirect URIs exactly", result.Message);
    }

    [Fact]
    public async Task LivePrefixMatchingFailsOnEveryLongerVariant()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.RedirectPrefixMatch);
        CheckResult result = (await AuthFlowsSupport.RunCountedAsync(
            new RedirectUriCheck(RedirectUriProbeMode.Live), Live(deployment, deployment.CallbackUrl))).Results.Single();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(3, result.Reasons.Count);
        Assert.Contains("(trailing slash added)", result.Reasons[0]);
        Assert.Contains("(extra path segment)", result.Reasons[1]);
        Assert.Contains("(appended query)", result.Reasons[2]);
    }

    [Fact]
    public async Task LiveUnregisteredUriIsAnErrorNotAPass()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(
            new RedirectUriCheck(RedirectUriProbeMode.Live), Live(deployment, deployment.AppBaseUrl + "/not-registered"));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("did not accept the registered redirect URI", result.Message);
        Assert.Equal(2, requests); // discovery and the registered URI: no variants are sent when the baseline fails
    }

    [Fact]
    public async Task TheAuditRunsOfflineAndLive()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (var results, _) = await AuthFlowsSupport.RunCountedAsync(RedirectUriCheck.CheckId, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(2, results.Count);
        Assert.Equal("offline: allowed list and production rules", AuthFlowsSupport.Evidence(results[0], "Mode"));
        Assert.Contains("belong in development", Assert.Single(results[0].Reasons)); // the test app lives on 127.0.0.1
        Assert.Equal(CheckStatus.Passed, results[1].Status);
        Assert.Equal("live: variants sent to the authorization server", AuthFlowsSupport.Evidence(results[1], "Mode"));
    }
}
