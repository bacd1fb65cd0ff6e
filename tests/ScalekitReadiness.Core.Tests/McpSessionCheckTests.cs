using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class McpSessionCheckTests
{
    private const string Id = McpSessionCheck.CheckId;

    [Fact]
    public async Task CleanSessionEraServerPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.StartsWith("Session:", TestSupport.Evidence(result, "Protocol era"));
        Assert.Contains("→ 404", TestSupport.Evidence(result, "Made-up session id"));
        Assert.Contains("→ 401", TestSupport.Evidence(result, "Session id without token"));
        Assert.Contains("→ 404", TestSupport.Evidence(result, "Ended session id"));
    }

    [Fact]
    public async Task CleanModernServerPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpModernEra);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith("Modern:", TestSupport.Evidence(result, "Protocol era"));
        Assert.Contains("→ 405", TestSupport.Evidence(result, "GET"));
        Assert.Contains("→ 405", TestSupport.Evidence(result, "DELETE"));
    }

    [Theory]
    [InlineData(Faults.McpSessionWithoutToken, "A valid session id WITHOUT a bearer token was served")]
    [InlineData(Faults.McpSessionMadeUpAccepted, "A made-up session id was served")]
    [InlineData(Faults.McpSessionPredictable, "bits of entropy (fewer than 128)")]
    [InlineData(Faults.McpSessionDeleteIgnored, "the ended session id was answered 200, not 404")]
    public async Task EachSessionEraFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(Faults.McpModernMintsSession, "minted a session id")]
    [InlineData(Faults.McpModernGetAllowed, "GET on the 2026-07-28 endpoint was answered 200, not 405")]
    public async Task EachModernFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpModernEra, fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData("3f2c8e61-5b7a-4c1d-9e2f-0a1b2c3d4e5f", "3f2c8e61-5b7a-4c1d-9e2f-0a1b2c3d4e5e", 4)]
    [InlineData("sess-1", "sess-2", 4)]
    [InlineData("9b1d5c7e2f3a4b6c8d0e1f2a3b4c5d6e", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", 128)]
    [InlineData("tzXfFFeS_CiVMwRO3Yo3-g", "TLP_WzShYYAWscaySq6IjA", 132)]
    public void EstimatesTheEntropyOfTheVaryingPart(string id, string other, int bits) =>
        Assert.Equal(bits, McpSessionCheck.EstimateBits(id, other));
}
