using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class McpTokenExchangeCheckTests
{
    private const string Id = McpTokenExchangeCheck.CheckId;

    [Fact]
    public async Task TokenIsMintedAndJudgedAndTheSecretNeverAppears()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(deployment.EnvironmentUrlString + "/resources/res_test123/oauth/token (from the metadata of " + deployment.EnvironmentUrlString + "/resources/res_test123)", TestSupport.Evidence(result, "Token endpoint"));
        Assert.Equal("res_test123, " + deployment.McpUrl, TestSupport.Evidence(result, "aud"));
        Assert.Equal(deployment.EnvironmentUrlString + " (environment issuer)", TestSupport.Evidence(result, "iss"));
        Assert.Equal("scope string: todo:read todo:write", TestSupport.Evidence(result, "Scope claim"));
        Assert.Equal("no-store", TestSupport.Evidence(result, "Cache-Control"));
        Assert.StartsWith("300 s", TestSupport.Evidence(result, "Lifetime"));
        Assert.DoesNotContain(result.Evidence, e => e.Value.Contains(deployment.McpClientSecret));
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.StartsWith("Session:", TestSupport.Evidence(result, "Protocol era"));
    }

    [Fact]
    public async Task TheTokenOpensAModernServerToo()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpModernEra, Faults.McpSseAlways);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("Modern: server/discover answered with a result", TestSupport.Evidence(result, "Protocol era"));
    }

    [Theory]
    [InlineData(Faults.McpTokenCacheable, "lacks Cache-Control: no-store")]
    [InlineData(Faults.McpTokenIgnoresResource, "names neither the resource id res_test123 nor the server URL")]
    [InlineData(Faults.McpTokenForeignIssuer, "iss 'https://issuer.invalid' is neither the environment")]
    [InlineData(Faults.McpTokenNoScopeClaim, "neither a scope string nor a scopes array")]
    [InlineData(Faults.McpTokenLongLifetime, "lives 86400 s, longer than the policy's 3600 s")]
    [InlineData(Faults.McpTokenBadSignature, "signature does not verify")]
    [InlineData(Faults.McpTokenOpaque, "is not a JWT")]
    public async Task EachTokenFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(result.Reasons, r => r.Contains(reason));
        Assert.DoesNotContain(result.Reasons, r => r.Contains("does not verify") && fault != Faults.McpTokenBadSignature);
    }

    [Theory]
    [InlineData(Faults.McpTokenResourceIssuer, "iss", "/resources/res_test123 (resource issuer)")]
    [InlineData(Faults.McpTokenScopesArray, "Scope claim", "scopes array: todo:read todo:write")]
    public async Task BothIssuerFormsAndBothScopeClaimFormsAreAcceptedAndReported(string fault, string evidence, string value)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.EndsWith(value, TestSupport.Evidence(result, evidence));
        Assert.DoesNotContain(result.Reasons, r => r.Contains("iss '") || r.Contains("scope string"));
    }

    [Fact]
    public async Task AMetadataDocumentOnAForeignHostNeverReceivesTheSecret()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmAsForeignHost);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("is not on the configured environment", Assert.Single(result.Reasons));
        Assert.NotEmpty(deployment.ForeignRequests);
        Assert.All(deployment.ForeignRequests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.DoesNotContain(deployment.McpClientSecret, r.Body + r.PathAndQuery + string.Join(" ", r.Headers.Values));
        });
    }

    [Fact]
    public async Task WithoutStateChangesOrAClientItDoesNotRun()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration readOnly = TestSupport.McpClientConfigurationFor(deployment);
        readOnly.AllowStateChange = false;
        AuditConfiguration noClient = TestSupport.ConfigurationFor(deployment);
        noClient.AllowStateChange = true;

        CheckResult skipped = await TestSupport.RunSingleAsync(Id, readOnly);
        CheckResult unconfigured = await TestSupport.RunSingleAsync(Id, noClient);

        Assert.Equal(NotRunReason.RequiresStateChange, skipped.NotRunReason);
        Assert.Equal(NotRunReason.NotConfigured, unconfigured.NotRunReason);
        Assert.Contains("Mcp.ClientId", unconfigured.Message);
        Assert.DoesNotContain(deployment.ForeignRequests, r => r.Method == "POST");
    }
}
