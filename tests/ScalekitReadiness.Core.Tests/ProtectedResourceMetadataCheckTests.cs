using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ProtectedResourceMetadataCheckTests
{
    private const string Id = ProtectedResourceMetadataCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(deployment.McpUrl, result.Target);
        Assert.Equal("header URL = path-aware, root", Evidence(result, "Answered"));
        Assert.Equal(deployment.McpUrl, Evidence(result, "resource"));
        Assert.Equal("ScalekitReadiness test MCP server", Evidence(result, "resource_name"));
    }

    [Theory]
    [InlineData(Faults.PrmMissing, "No protected resource metadata found")]
    [InlineData(Faults.PrmHeaderUrlBroken, "resource_metadata URL of the 401 challenge")]
    [InlineData(Faults.PrmWrongContentType, "not application/json")]
    [InlineData(Faults.PrmNotJson, "is not valid JSON")]
    [InlineData(Faults.PrmNotObject, "not a JSON object")]
    [InlineData(Faults.PrmTooLarge, "over the 64 KiB limit")]
    [InlineData(Faults.PrmResourceMismatch, "RFC 9728 §3.3 requires them to be identical")]
    [InlineData(Faults.PrmResourceTrailingSlash, "differ only by a trailing slash")]
    [InlineData(Faults.PrmNoAuthorizationServers, "'authorization_servers' is missing or empty")]
    [InlineData(Faults.PrmAsHttp, "is plain http; MCP requires https")]
    [InlineData(Faults.PrmAsDoubleScheme, "doubled scheme")]
    [InlineData(Faults.PrmAsRelative, "is not an absolute URL")]
    [InlineData(Faults.PrmAsForeignHost, "not on the environment's host")]
    [InlineData(Faults.PrmBearerQuery, "allows \"query\"")]
    [InlineData(Faults.PrmBearerNoHeader, "does not contain \"header\"")]
    [InlineData(Faults.PrmEmptyScopes, "'scopes_supported' is []")]
    public async Task EachFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        string only = Assert.Single(result.Reasons);
        Assert.Contains(reason, only);
        Assert.Equal(only, result.Message);
    }

    [Fact]
    public async Task OfflineAccessIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmOfflineAccess);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("offline_access", Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(Faults.PrmPathOnly, "header URL = path-aware")]
    [InlineData(Faults.PrmRootOnly, "header URL = root")]
    public async Task EitherWellKnownLocationIsEnoughAndIsReported(string fault, string answered)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(answered, Evidence(result, "Answered"));
    }

    [Fact]
    public async Task MissingResourceNameIsOnlyReportedAsEvidence()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmNoResourceName);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith("(absent;", Evidence(result, "resource_name"));
    }

    [Fact]
    public async Task WithoutAnEnvironmentTheHostIsNotComparedAndSaysSo()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmAsForeignHost);
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.EnvironmentUrl = null;
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("not compared: Environment.Url is not configured", Evidence(result, "Authorization server host"));
    }

    [Fact]
    public async Task UntrustedCertificateIsAnErrorThatSaysWhatToDo()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Network.TrustedCaPath = null;
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("TLS with https://127.0.0.1:", result.Message);
        Assert.Contains("-TrustedCaPath", result.Message);
    }

    [Fact]
    public async Task SkippingCertificateValidationTurnsAPassIntoAWarningThatSaysWhy()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Network.TrustedCaPath = null;
        configuration.Network.SkipCertificateCheck = true;
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Equal(AuditEngine.SkipCertificateCheckReason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutAServerUrlTheCheckIsNotRunAndNamesTheKey()
    {
        CheckResult result = await TestSupport.RunSingleAsync(Id, new AuditConfiguration());

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("Mcp.ServerUrl", result.Message);
    }

    [Fact]
    public async Task SeverityOverrideFromThePolicyIsApplied()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmEmptyScopes);
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.SeverityOverrides[Id] = Severity.Medium;
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
    }

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.Last(e => e.Name == name).Value;
}
