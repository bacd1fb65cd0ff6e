using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

public sealed class SessionCookieCheckTests
{
    [Fact]
    public async Task TheCleanLoginFlowsSessionCookiePasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new SessionCookieCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(deployment.AppBaseUrl + "/login", result.Target);
        Assert.Equal("sk_login, sk_session", AuthFlows2Support.Evidence(result, "Session cookies judged"));
        string session = result.Evidence.Single(e => e.Name.StartsWith("Cookie sk_session ", System.StringComparison.Ordinal)).Value;
        Assert.StartsWith("HttpOnly; Secure; SameSite=Lax; Path=/; value: 43 chars, opaque (not shown)", session);
        Assert.Contains(result.Evidence, e => e.Name == "Info: sk_session" && e.Value.Contains("__Host-sk_session"));
    }

    [Theory]
    [InlineData(Faults.CookieNoHttpOnly, "The cookie 'sk_session' (set by GET ", "is not HttpOnly: scripts on the page")]
    [InlineData(Faults.CookieNoSecure, "The cookie 'sk_session' (set by GET ", "is not Secure")]
    [InlineData(Faults.CookieNoSameSite, "The cookie 'sk_session' (set by GET ", "has no SameSite attribute")]
    public async Task EachMissingAttributeFailsWithItsOwnReason(string fault, string prefix, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new SessionCookieCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        string only = Assert.Single(result.Reasons);
        Assert.StartsWith(prefix, only);
        Assert.Contains("/auth/callback → 302)", only);
        Assert.Contains(reason, only);
        Assert.Equal(Severity.High, result.Severity);
    }

    [Fact]
    public async Task AJwtInAScriptReadableCookieIsCritical()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CookieJwtScriptReadable);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new SessionCookieCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        string only = Assert.Single(result.Reasons);
        Assert.Contains("The cookie 'sk_id_token'", only);
        Assert.Contains("holds a JWT and is not HttpOnly", only);
        Assert.Contains("value: ", result.Evidence.Single(e => e.Name.StartsWith("Cookie sk_id_token", System.StringComparison.Ordinal)).Value);
        Assert.Contains("a JWT (not shown)", result.Evidence.Single(e => e.Name.StartsWith("Cookie sk_id_token", System.StringComparison.Ordinal)).Value);
    }

    [Theory]
    [InlineData(Faults.CookieSameSiteNone, "is SameSite=None: every cross-site request carries the session")]
    [InlineData(Faults.CookieDomainBroad, "has Domain=0.0.1, broader than the app host 127.0.0.1")]
    public async Task SameSiteNoneAndABroadDomainAreWarnings(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new SessionCookieCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutAnAppUrlOrHarTheCheckIsNotConfigured()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new SessionCookieCheck(), TestSupport.ConfigurationFor(deployment)));

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("App.LoginUrl (or -HarPath of Test-SkSessionCookie)", result.Message);
    }

    [Fact]
    public async Task AStartUrlThatSetsNoSessionCookieIsAWarningThatSaysWhatToDo()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var inputs = new AuthInputs();
        inputs.StartUrls.Add(deployment.AppBaseUrl + "/docs");
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new SessionCookieCheck(inputs), TestSupport.ConfigurationFor(deployment)));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("export the HAR and run with -HarPath", Assert.Single(result.Reasons));
    }
}
