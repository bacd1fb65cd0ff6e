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
}
