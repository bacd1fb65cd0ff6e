using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class HttpsEnforcementCheckTests
{
    private const string Id = HttpsEnforcementCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await RunOnMcpAsync(deployment);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(CheckSection.QuickChecks, result.Section);
        Assert.Equal(deployment.McpUrl, result.Target);
        Assert.StartsWith("refused: alert protocol_version (70)", Evidence(result, "TLS 1.0 ClientHello"));
        Assert.StartsWith("refused: alert protocol_version (70)", Evidence(result, "TLS 1.1 ClientHello"));
        Assert.StartsWith("accepted: ServerHello TLS 1.2", Evidence(result, "TLS 1.2 ClientHello"));
        Assert.StartsWith("TLS 1.3, ", Evidence(result, "TLS handshake"));
        Assert.Equal("max-age=31536000; includeSubDomains", Evidence(result, "Strict-Transport-Security"));
        Assert.Contains("/mcp → 301", Evidence(result, "Plain http"));
        Assert.Equal("89", Evidence(result, "Certificate days left"));
        Assert.Equal("DNS:localhost, IP:127.0.0.1, IP:127.0.0.2", Evidence(result, "Certificate SAN"));
        Assert.Equal("CN=ScalekitReadiness Test CA", Evidence(result, "Certificate issuer"));
        Assert.Equal("trusted through the CA of the trusted-CA file (-TrustedCaPath)", Evidence(result, "Certificate trust"));
        Assert.Contains("TLS 1.0 and TLS 1.1 refused", result.Message);
        Assert.Contains("plain http redirects to https on the same host (301)", result.Message);
    }

    [Theory]
    [InlineData(Faults.HttpServesContent, "serves content over plain http (401,")]
    [InlineData(Faults.HttpRedirectsElsewhere, "on another host (127.0.0.2)")]
    [InlineData(Faults.HstsMissing, "answers without a Strict-Transport-Security header")]
    [InlineData(Faults.HstsShort, "max-age is 300 s, below the 15552000 s of Policy.MinHstsMaxAgeSeconds")]
    [InlineData(Faults.CertExpiringCritical, "expires in 5 days")]
    [InlineData(Faults.CertExpired, "expired on")]
    [InlineData(Faults.CertWrongHost, "is not valid for the host name 127.0.0.1: it names DNS:other-host.sk-probe.invalid")]
    [InlineData(Faults.Tls10Accepted, "accepts TLS 1.0: it answered a TLS 1.0 ClientHello with a TLS 1.0 ServerHello")]
    [InlineData(Faults.Tls11Accepted, "accepts TLS 1.1: it answered a TLS 1.1 ClientHello with a TLS 1.1 ServerHello")]
    public async Task EachFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await RunOnMcpAsync(deployment);

        Assert.Equal(CheckStatus.Failed, result.Status);
        string only = Assert.Single(result.Reasons);
        Assert.Contains(reason, only);
        Assert.Equal(only, result.Message);
    }

    [Theory]
    [InlineData(Faults.HstsNoSubdomains, "Strict-Transport-Security has no includeSubDomains")]
    [InlineData(Faults.CertExpiringSoon, "expires in 20 days")]
    public async Task EachWarningFaultWarnsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await RunOnMcpAsync(deployment);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(Faults.Tls10Accepted, "TLS 1.0 ClientHello", "TLS 1.1 ClientHello")]
    [InlineData(Faults.Tls11Accepted, "TLS 1.1 ClientHello", "TLS 1.0 ClientHello")]
    public async Task TheLegacyVersionFaultAcceptsOnlyItsVersionAndTheCleanPortRefusesBoth(string fault, string accepted, string refused)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await RunOnMcpAsync(deployment);

        Assert.StartsWith("accepted: ServerHello TLS 1.", Evidence(result, accepted));
        Assert.StartsWith("refused: ", Evidence(result, refused));
        // TLS 1.2+ still goes through to Kestrel: the certificate and HSTS were read over it.
        Assert.StartsWith("TLS 1.3, ", Evidence(result, "TLS handshake"));
        Assert.Equal("max-age=31536000; includeSubDomains", Evidence(result, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task ExpiredCertificateNamesTheDateAndLeavesHstsUnchecked()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CertExpired);
        CheckResult result = await RunOnMcpAsync(deployment);

        Assert.Contains("(1 day ago)", result.Message);
        Assert.Equal("-1", Evidence(result, "Certificate days left"));
        Assert.StartsWith("not checked", Evidence(result, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task UntrustedChainIsAFailureNotAnError()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Network.TrustedCaPath = null;
        CheckResult result = await RunAsync(configuration, new HttpsEndpoint(deployment.McpUrl, deployment.HttpAppBaseUrl + "/mcp"));

        Assert.Equal(CheckStatus.Failed, result.Status);
        string only = Assert.Single(result.Reasons);
        Assert.Contains("certificate chain of 127.0.0.1:", only);
        Assert.Contains("-TrustedCaPath", only);
        Assert.StartsWith("not trusted: the certificate chain is not trusted", Evidence(result, "Certificate trust"));
    }

    [Fact]
    public async Task SkippingCertificateValidationLeavesTrustUnjudgedAndSaysSo()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CertWrongHost);
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Network.TrustedCaPath = null;
        configuration.Network.SkipCertificateCheck = true;
        CheckResult result = await RunAsync(configuration, new HttpsEndpoint(deployment.McpUrl, deployment.HttpAppBaseUrl + "/mcp"));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Equal(AuditEngine.SkipCertificateCheckReason, Assert.Single(result.Reasons));
        Assert.StartsWith("not judged", Evidence(result, "Certificate trust"));
        Assert.Equal("max-age=31536000; includeSubDomains", Evidence(result, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task APlainHttpUrlFailsAndItsHttpsRedirectTargetIsStillJudged()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.HstsMissing);
        string plain = deployment.HttpAppBaseUrl + "/mcp";
        CheckResult result = await RunAsync(TestSupport.ConfigurationFor(deployment), new HttpsEndpoint(plain));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(2, result.Reasons.Count);
        Assert.StartsWith(plain + " is plain http", result.Reasons[0]);
        Assert.Contains("answers without a Strict-Transport-Security header", result.Reasons[1]);
        Assert.Contains(deployment.McpUrl, Evidence(result, "HTTPS"));
    }

    [Fact]
    public async Task EveryEndpointGetsItsOwnResultAndAnUnreachableOneIsAnError()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        int closedPort = TestSupport.ClosedPort();
        string unreachable = $"https://127.0.0.1:{closedPort}/login";
        IReadOnlyList<CheckResult> results = await RunAllAsync(
            TestSupport.ConfigurationFor(deployment),
            new HttpsEndpoint(deployment.McpUrl, deployment.HttpAppBaseUrl + "/mcp"),
            new HttpsEndpoint(unreachable, $"http://127.0.0.1:{closedPort}/login"));

        Assert.Equal(new[] { deployment.McpUrl, unreachable }, results.Select(r => r.Target));
        Assert.Equal(CheckStatus.Passed, results[0].Status);
        Assert.Equal(CheckStatus.Error, results[1].Status);
        Assert.Equal($"https://127.0.0.1:{closedPort} refused the connection. Check the URL and port, and that the service is running.", results[1].Message);
    }

    [Fact]
    public async Task ThePolicyThresholdsAreTheConfiguredOnes()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Policy.MinHstsMaxAgeSeconds = 63072000;
        configuration.Policy.CertificateExpiryWarningDays = 120;
        CheckResult result = await RunAsync(configuration, new HttpsEndpoint(deployment.McpUrl, deployment.HttpAppBaseUrl + "/mcp"));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(2, result.Reasons.Count);
        Assert.Contains("expires in 89 days", result.Reasons.Single(r => r.Contains("Policy.CertificateExpiryWarningDays")));
        Assert.Contains("below the 63072000 s", result.Reasons.Single(r => r.Contains("Policy.MinHstsMaxAgeSeconds")));
    }

    [Fact]
    public async Task TheAuditExaminesEveryConfiguredEndpointOnceWithThePlainHttpFormOnPort80()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.App.BaseUrl = deployment.AppBaseUrl;
        configuration.App.LoginUrl = deployment.AppBaseUrl + "/";
        configuration.App.ProtectedApiUrl = deployment.McpUrl;
        IReadOnlyList<CheckResult> results = await RunCatalogCheckAsync(configuration);

        Assert.Equal(new[] { deployment.EnvironmentUrlString, deployment.AppBaseUrl, deployment.McpUrl }, results.Select(r => r.Target));
        Assert.Equal(new[] { "Environment.Url", "App.BaseUrl, App.LoginUrl", "App.ProtectedApiUrl, Mcp.ServerUrl" }, results.Select(r => Evidence(r, "Configured as")));
        Assert.StartsWith("http://localhost/ ", Evidence(results[0], "Plain http"));
        Assert.StartsWith("http://127.0.0.1/mcp ", Evidence(results[2], "Plain http"));
        Assert.All(results, r => Assert.Equal("max-age=31536000; includeSubDomains", Evidence(r, "Strict-Transport-Security")));
        Assert.All(results, r => Assert.DoesNotContain(r.Reasons, reason => reason.Contains("certificate", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task WithoutAnyEndpointTheCheckIsNotRunAndNamesTheKeys()
    {
        CheckResult result = Assert.Single(await RunCatalogCheckAsync(new AuditConfiguration()));

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Equal("Not configured: set " + HttpsEnforcementCheck.EndpointKeys + " to run this check.", result.Message);
    }

    [Fact]
    public void ThePlainHttpFormKeepsHostAndPathOnPort80()
    {
        Assert.Equal("http://auth.example.com/oauth/authorize?x=1", HttpsEnforcementCheck.PlainHttpForm(new Uri("https://auth.example.com/oauth/authorize?x=1")).AbsoluteUri);
        Assert.Equal("http://mcp.example.com/mcp", HttpsEnforcementCheck.PlainHttpForm(new Uri("https://mcp.example.com:8443/mcp")).AbsoluteUri);
    }

    private static Task<CheckResult> RunOnMcpAsync(Deployment deployment) =>
        RunAsync(TestSupport.ConfigurationFor(deployment), new HttpsEndpoint(deployment.McpUrl, deployment.HttpAppBaseUrl + "/mcp"));

    private static async Task<CheckResult> RunAsync(AuditConfiguration configuration, HttpsEndpoint endpoint) =>
        Assert.Single(await RunAllAsync(configuration, endpoint));

    private static Task<IReadOnlyList<CheckResult>> RunAllAsync(AuditConfiguration configuration, params HttpsEndpoint[] endpoints) =>
        RunCheckAsync(new HttpsEnforcementCheck(endpoints), configuration);

    private static Task<IReadOnlyList<CheckResult>> RunCatalogCheckAsync(AuditConfiguration configuration) =>
        RunCheckAsync(CheckCatalog.Find(Id)!, configuration);

    private static async Task<IReadOnlyList<CheckResult>> RunCheckAsync(Check check, AuditConfiguration configuration)
    {
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        return await AuditEngine.RunCheckAsync(context, check, CancellationToken.None);
    }

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.Last(e => e.Name == name).Value;
}
