using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class McpAuthChallengeCheckTests
{
    private const string Id = McpAuthChallengeCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(Safety.Active, result.Safety);
        Assert.Contains(deployment.AppBaseUrl + "/.well-known/oauth-protected-resource/mcp", result.Message);
        Assert.StartsWith("initialize: POST " + deployment.McpUrl + " → 401", TestSupport.Evidence(result, "initialize"));
        Assert.StartsWith("server/discover: POST " + deployment.McpUrl + " → 401", TestSupport.Evidence(result, "server/discover"));
        Assert.Equal("todo:read todo:write", TestSupport.Evidence(result, "initialize scope"));
        Assert.Contains("→ 401", TestSupport.Evidence(result, "GET"));
    }

    [Fact]
    public async Task NoResourceMetadataAndNoWellKnownMetadataFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmMissing);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.All(result.Reasons, r => Assert.Contains("has no resource_metadata, and no protected resource metadata answers", r));
    }

    [Theory]
    [InlineData(Faults.McpOpen, "initialize without a token was answered 200: the MCP server is open")]
    [InlineData(Faults.McpChallengeMissing, "has no WWW-Authenticate header")]
    [InlineData(Faults.McpGetOpen, "GET on the MCP endpoint without a token was answered 200")]
    public async Task EachFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(result.Reasons, r => r.Contains(reason));
    }

    [Theory]
    [InlineData(Faults.McpChallengeNoResourceMetadata, "has no resource_metadata; clients fall back to the well-known URL")]
    [InlineData(Faults.McpChallengeRelativeResourceMetadata, "is not an absolute URL")]
    public async Task AMissingButDiscoverableOrRelativeResourceMetadataIsAWarning(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.All(result.Reasons, r => Assert.Contains(reason, r));
    }

    [Fact]
    public async Task AModernServerIsChallengedOnServerDiscoverToo()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpModernEra);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("→ 401", TestSupport.Evidence(result, "server/discover"));
        Assert.Contains("→ 401", TestSupport.Evidence(result, "GET"));
    }
}
