using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
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

public sealed class CorsPolicyCheckTests
{
    private const string ApiPath = "/api/me";
    private const string PrmPath = "/.well-known/oauth-protected-resource/mcp";

    [Fact]
    public async Task CleanDeploymentPassesForTheApiTheMcpEndpointAndThePrm()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        IReadOnlyList<CheckResult> results = await RunAsync(Configure(deployment));

        Assert.Equal(new[] { deployment.AppBaseUrl + ApiPath, deployment.McpUrl, deployment.AppBaseUrl + PrmPath }, results.Select(r => r.Target));
        Assert.All(results, r =>
        {
            Assert.Equal(CheckStatus.Passed, r.Status);
            Assert.Empty(r.Reasons);
            Assert.Equal(Severity.High, r.Severity);
            Assert.Equal(CorsPolicyCheck.CheckId, r.CheckId);
        });
        Assert.StartsWith("CORS is restricted to your origins: https://sk-probe.invalid, null and the look-alikes of " + deployment.AppBaseUrl, results[0].Message);
        Assert.Equal("Public metadata readable by any origin without credentials, as it should be.", results[2].Message);
        Assert.Equal("allowed, with credentials", Evidence(results[0], "Allowed origin " + deployment.AppBaseUrl));
        Assert.Equal("allowed", Evidence(results[1], "Allowed origin " + deployment.AppBaseUrl));
        Assert.StartsWith("yes", Evidence(results[1], "Mcp-Session-Id exposed"));
        Assert.StartsWith(CorsPolicyCheck.MetadataSource, Evidence(results[2], "Endpoint"));

        // The look-alikes were really sent, built from the allowed origin.
        var app = new Uri(deployment.AppBaseUrl);
        Assert.Contains($"Origin https://127.0.0.1.sk-probe.invalid:{app.Port} (imitates {deployment.AppBaseUrl})", Evidence(results[0], "GET, prefix look-alike"));
        Assert.Contains($"Origin https://sk-probe127.0.0.1:{app.Port} (imitates {deployment.AppBaseUrl})", Evidence(results[0], "Preflight, suffix look-alike"));
    }

    [Theory]
    [InlineData(Faults.CorsReflectAny, "It reflects any origin: Origin https://sk-probe.invalid got Access-Control-Allow-Origin: https://sk-probe.invalid (preflight and GET)")]
    [InlineData(Faults.CorsReflectCredentials, "It reflects any origin with credentials: Origin https://sk-probe.invalid got Access-Control-Allow-Origin: https://sk-probe.invalid and Access-Control-Allow-Credentials: true (preflight and GET)")]
    [InlineData(Faults.CorsWildcardCredentials, "It answers Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true (preflight and GET)")]
    [InlineData(Faults.CorsAllowNull, "It allows the origin null: Origin null got Access-Control-Allow-Origin: null")]
    [InlineData(Faults.CorsPrefixMatch, "(prefix match)")]
    [InlineData(Faults.CorsSuffixMatch, "(suffix match)")]
    public async Task EachFaultFailsTheApiAndTheMcpEndpointWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        IReadOnlyList<CheckResult> results = await RunAsync(Configure(deployment));

        foreach (CheckResult result in results.Take(2))
        {
            Assert.Equal(CheckStatus.Failed, result.Status);
            string only = Assert.Single(result.Reasons);
            Assert.Contains(reason, only);
            Assert.Equal(only, result.Message);
        }

        // The PRM keeps answering * without credentials: public metadata stays Passed.
        Assert.Equal(CheckStatus.Passed, results[2].Status);
    }

    [Fact]
    public async Task TheNullOriginWithCredentialsIsSaidSoOnTheApi()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CorsAllowNull);
        IReadOnlyList<CheckResult> results = await RunAsync(Configure(deployment));

        Assert.Contains("Access-Control-Allow-Origin: null with Access-Control-Allow-Credentials: true", Assert.Single(results[0].Reasons));
        Assert.DoesNotContain("Access-Control-Allow-Credentials", Assert.Single(results[1].Reasons));
    }

    [Theory]
    [InlineData(Faults.CorsPrefixMatch, "It accepts https://127.0.0.1.sk-probe.invalid:{port}, a look-alike of {app} (prefix match), with credentials (preflight and GET): the allow-list checks how the origin starts")]
    [InlineData(Faults.CorsSuffixMatch, "It accepts https://sk-probe127.0.0.1:{port}, a look-alike of {app} (suffix match), with credentials (preflight and GET): the allow-list checks how the origin ends, so any domain ending in 127.0.0.1")]
    public async Task ALookAlikeNamesTheTrickAndTheOriginItImitates(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        IReadOnlyList<CheckResult> results = await RunAsync(Configure(deployment));

        string expected = reason.Replace("{port}", new Uri(deployment.AppBaseUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("{app}", deployment.AppBaseUrl);
        Assert.StartsWith(expected, Assert.Single(results[0].Reasons));
    }

    [Fact]
    public async Task McpEndpointWithoutWwwAuthenticateExposedIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CorsMcpNoExpose);
        IReadOnlyList<CheckResult> results = await RunAsync(Configure(deployment));

        Assert.Equal(CheckStatus.Passed, results[0].Status);
        Assert.Equal(CheckStatus.Warning, results[1].Status);
        Assert.StartsWith(
            $"Access-Control-Expose-Headers does not list WWW-Authenticate (it is 'Mcp-Session-Id' on the GET answer for {deployment.AppBaseUrl}): a browser-based MCP client cannot read the 401 challenge",
            Assert.Single(results[1].Reasons));
        Assert.Equal(CheckStatus.Passed, results[2].Status);
    }

    [Fact]
    public async Task AnAllowedOriginTheEndpointsRefuseIsAWarningOnTheApiAndTheMcpEndpoint()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configure(deployment);
        configuration.App.AllowedOrigins.Add("https://partner.example.com/");
        IReadOnlyList<CheckResult> results = await RunAsync(configuration);

        foreach (CheckResult result in results.Take(2))
        {
            Assert.Equal(CheckStatus.Warning, result.Status);
            Assert.StartsWith(
                "It does not allow your origin https://partner.example.com (preflight: no Access-Control-Allow-Origin; GET: no Access-Control-Allow-Origin): the browser blocks calls from https://partner.example.com to it.",
                Assert.Single(result.Reasons));
        }

        // The look-alikes of the second origin were sent too, built from its registrable domain.
        Assert.Contains("Origin https://sk-probeexample.com (imitates https://partner.example.com)", string.Join("\n", results[0].Evidence.Select(e => e.Value)));
        Assert.Equal(CheckStatus.Passed, results[2].Status);
        Assert.Equal("allowed", Evidence(results[2], "Allowed origin https://partner.example.com"));
    }

    [Fact]
    public async Task AnAllowedOriginThatIsNotAnOriginIsAWarningAndIsNotProbed()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configure(deployment);
        configuration.App.AllowedOrigins.Add("https://app.example.com/home");
        IReadOnlyList<CheckResult> results = await RunAsync(configuration);

        Assert.All(results, r =>
        {
            Assert.Equal(CheckStatus.Warning, r.Status);
            Assert.StartsWith("App.AllowedOrigins holds 'https://app.example.com/home', which is not an origin (an origin is only scheme://host[:port]", Assert.Single(r.Reasons));
        });
    }

    [Fact]
    public async Task WithoutAllowedOriginsTheAppEndpointsAreNotRunAndTheMcpEndpointIsStillProbed()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CorsReflectAny);
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.App.ProtectedApiUrl = deployment.AppBaseUrl + ApiPath;
        IReadOnlyList<CheckResult> results = await RunAsync(configuration);

        Assert.Equal(CheckStatus.NotRun, results[0].Status);
        Assert.Equal(NotRunReason.NotConfigured, results[0].NotRunReason);
        Assert.StartsWith("Not configured: set App.AllowedOrigins (Test-SkCorsPolicy: -AllowedOrigin) to check the web endpoint " + deployment.AppBaseUrl + ApiPath, results[0].Message);
        Assert.Equal(CheckStatus.Failed, results[1].Status);
        Assert.StartsWith("It reflects any origin: ", Assert.Single(results[1].Reasons));
        Assert.Equal(CheckStatus.Passed, results[2].Status);
    }

    [Fact]
    public async Task NothingToProbeIsNotRunNamingTheKeys()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var configuration = new AuditConfiguration();
        configuration.App.ProtectedApiUrl = deployment.AppBaseUrl + ApiPath;
        CheckResult onlyApp = Assert.Single(await RunAsync(configuration));
        CheckResult nothing = Assert.Single(await RunAsync(new AuditConfiguration()));

        Assert.Equal(CheckStatus.NotRun, onlyApp.Status);
        Assert.Equal("Not configured: set App.AllowedOrigins to run this check.", onlyApp.Message);
        Assert.Equal(CheckStatus.NotRun, nothing.Status);
        Assert.Equal("Not configured: set App.ProtectedApiUrl (or App.LoginUrl, App.CallbackUrl, App.LogoutUrl, Mcp.ServerUrl) to run this check.", nothing.Message);
    }

    [Fact]
    public async Task GivenUrlsAreJudgedByWhatTheyAre()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CorsMcpNoExpose);
        AuditConfiguration configuration = Configure(deployment);
        string[] urls = { deployment.AppBaseUrl + ApiPath, deployment.McpUrl, deployment.AppBaseUrl + PrmPath };
        IReadOnlyList<CheckResult> results = await RunAsync(configuration, CorsPolicyCheck.ForUrls(urls.Select(u => new Uri(u)), "-Uri"));

        Assert.Equal(urls, results.Select(r => r.Target));
        Assert.StartsWith("web endpoint called with the user's cookies", Evidence(results[0], "Judged as"));
        Assert.StartsWith("OAuth protected resource (MCP endpoint)", Evidence(results[1], "Judged as"));
        Assert.EndsWith("(its 401 challenge names resource_metadata)", Evidence(results[1], "Judged as"));
        Assert.StartsWith("public metadata", Evidence(results[2], "Judged as"));
        Assert.Equal(new[] { CheckStatus.Passed, CheckStatus.Warning, CheckStatus.Passed }, results.Select(r => r.Status));
        Assert.Contains("does not list WWW-Authenticate", Assert.Single(results[1].Reasons));
    }

    [Fact]
    public async Task AGivenWebUrlWithoutAllowedOriginsIsNotRunAfterOneProbe()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        CheckResult result = Assert.Single(await RunAsync(configuration, CorsPolicyCheck.ForUrls(new[] { new Uri(deployment.AppBaseUrl + ApiPath) }, "-Uri")));

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("-AllowedOrigin", result.Message);
    }

    [Fact]
    public async Task AnUnreachableEndpointIsAnErrorAndTheOthersAreStillJudged()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        string closed = $"https://127.0.0.1:{port}/api/me";
        IReadOnlyList<CheckResult> results = await RunAsync(
            Configure(deployment),
            CorsPolicyCheck.ForUrls(new[] { new Uri(closed), new Uri(deployment.McpUrl) }, "-Uri"));

        Assert.Equal(CheckStatus.Error, results[0].Status);
        Assert.Equal(closed, results[0].Target);
        Assert.Contains("refused the connection", results[0].Message);
        Assert.Equal(CheckStatus.Passed, results[1].Status);
    }

    [Fact]
    public async Task ProbesCarryNoCredentialAndUseTheBrowserHeaders()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configure(deployment);
        Check check = CheckCatalog.Find(CorsPolicyCheck.CheckId)!;
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        await AuditEngine.RunCheckAsync(new AuditContext(configuration, probe, Guid.NewGuid()), check, CancellationToken.None);

        ProbeExchange[] cors = probe.Exchanges.Where(e => e.RequestHeaders.Any(h => h.Key == "Origin")).ToArray();
        Assert.NotEmpty(cors);
        Assert.All(probe.Exchanges, e => Assert.DoesNotContain(e.RequestHeaders, h => ProbeExchange.IsCredentialHeader(h.Key)));
        ProbeExchange preflight = cors.First(e => e.Method == "OPTIONS");
        Assert.Contains(new KeyValuePair<string, string>("Access-Control-Request-Method", "POST"), preflight.RequestHeaders);
        Assert.Contains(new KeyValuePair<string, string>("Access-Control-Request-Headers", "authorization, content-type"), preflight.RequestHeaders);
        Assert.Equal(cors.Count(e => e.Method == "OPTIONS"), cors.Count(e => e.Method == "GET"));
    }

    private static AuditConfiguration Configure(Deployment deployment)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.App.ProtectedApiUrl = deployment.AppBaseUrl + ApiPath;
        configuration.App.AllowedOrigins.Add(deployment.AppBaseUrl);
        return configuration;
    }

    private static async Task<IReadOnlyList<CheckResult>> RunAsync(AuditConfiguration configuration, Check? check = null)
    {
        check ??= CheckCatalog.Find(CorsPolicyCheck.CheckId) ?? throw new InvalidOperationException("SK-QC-020 is not in the catalog");
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        return await AuditEngine.RunCheckAsync(context, check, CancellationToken.None);
    }

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.Where(e => e.Name == name).Select(e => e.Value).FirstOrDefault()
        ?? throw new InvalidOperationException($"No evidence '{name}' in: " + string.Join(" | ", result.Evidence.Select(e => e.Name)));
}
