using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

public sealed class TokenRefreshCheckTests
{
    [Fact]
    public async Task TheCleanEnvironmentRotatesAndRefusesTheSpentToken()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        string refreshToken = await AuthFlows2Support.LabTextAsync(deployment, "/lab/refresh-token");
        var check = new TokenRefreshCheck(new AuthInputs { RefreshToken = refreshToken });
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, AuthFlows2Support.Configuration(deployment, allowStateChange: true), refreshToken));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(Safety.StateChanging, result.Safety);
        Assert.StartsWith("access_token present, refresh_token new, expires_in=300", AuthFlows2Support.Evidence(result, "Refresh answer"));
        Assert.EndsWith("HTTP 400 invalid_grant (The refresh token is invalid, expired or already used.)", AuthFlows2Support.Evidence(result, "Replay of the spent refresh token"));
    }

    [Theory]
    [InlineData(Faults.RefreshTokenNotRotated, "returns the same refresh token: it is not rotated")]
    [InlineData(Faults.RefreshTokenReuseAllowed, "The spent refresh token still works when replayed")]
    public async Task EachRotationFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        string refreshToken = await AuthFlows2Support.LabTextAsync(deployment, "/lab/refresh-token");
        var check = new TokenRefreshCheck(new AuthInputs { RefreshToken = refreshToken });
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, AuthFlows2Support.Configuration(deployment, allowStateChange: true), refreshToken));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ASpentRefreshTokenIsRefusedAndSaysWhy()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var check = new TokenRefreshCheck(new AuthInputs { RefreshToken = "sk_rt_not-a-live-refresh-token" });
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, AuthFlows2Support.Configuration(deployment, allowStateChange: true)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("The refresh_token grant was refused (HTTP 400 invalid_grant", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutStateChangesAllowedTheRefreshTokenIsNotSpent()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        string refreshToken = await AuthFlows2Support.LabTextAsync(deployment, "/lab/refresh-token");
        var check = new TokenRefreshCheck(new AuthInputs { RefreshToken = refreshToken });
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, AuthFlows2Support.Configuration(deployment), refreshToken));

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.RequiresStateChange, result.NotRunReason);

        // Still live: the allowed run spends it successfully.
        CheckResult allowed = Assert.Single(await AuthFlows2Support.RunAsync(check, AuthFlows2Support.Configuration(deployment, allowStateChange: true), refreshToken));
        Assert.Equal(CheckStatus.Passed, allowed.Status);
    }

    [Fact]
    public async Task TheAuditWithoutARefreshTokenIsNotConfigured()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenRefreshCheck(), AuthFlows2Support.Configuration(deployment, allowStateChange: true)));

        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("-RefreshToken", result.Message);
    }
}
