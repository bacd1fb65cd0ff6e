using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

public sealed class TokenLifetimeCheckTests
{
    private const string Minted = "access token minted by the audit (client_credentials)";

    [Fact]
    public async Task AMintedTokenOfTheCleanEnvironmentPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = AuthFlows2Support.Configuration(deployment, allowStateChange: true);
        configuration.Dashboard.SessionIdleTimeoutSeconds = 1800;
        configuration.Dashboard.SessionAbsoluteTimeoutSeconds = 86400;
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(), configuration));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(Minted, result.Target);
        Assert.Equal("300 s; policy 3600 s", AuthFlows2Support.Evidence(result, "Lifetime (exp - iat)"));
        Assert.Equal("idle=1800, absolute=86400", AuthFlows2Support.Evidence(result, "Session settings (declared)"));
        Assert.Contains("expires_in=300", AuthFlows2Support.Evidence(result, "Token"));
    }

    [Theory]
    [InlineData(Faults.AccessTokenLifetimeAbovePolicy, "lives 7200 s (exp − iat), above the policy's 3600 s")]
    [InlineData(Faults.TokenExpiresInMismatch, "says expires_in=3600 but the access token minted by the audit (client_credentials) expires 300 s after iat")]
    public async Task EachEnvironmentFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(), AuthFlows2Support.Configuration(deployment, allowStateChange: true)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(false, true, "has no exp claim: it never expires")]
    [InlineData(true, false, "'s iat lies ")]
    public async Task ASuppliedTokenWithoutExpOrFromTheFutureFails(bool withExp, bool issuedNow, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        long iat = AuthFlows2Support.Now + (issuedNow ? 0 : 600);
        var claims = new Dictionary<string, object> { ["iss"] = deployment.EnvironmentUrlString, ["iat"] = iat };
        if (withExp)
        {
            claims["exp"] = iat + 300;
        }

        string token = AuthFlows2Support.ForgeToken(claims);
        var inputs = new AuthInputs();
        inputs.AccessTokens.Add(token);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(inputs), TestSupport.ConfigurationFor(deployment), token));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal("access token from -AccessToken #1", result.Target);
        string only = Assert.Single(result.Reasons);
        Assert.Contains(reason, only);
        Assert.Contains(withExp ? "s in the future (more than 60 s of clock skew)" : "never expires", only);
    }

    [Theory]
    [InlineData(3600L, 3600L, "The absolute session timeout (3600 s) is not longer than the idle timeout (3600 s)")]
    [InlineData(200L, 86400L, "The idle session timeout (200 s) is not longer than the access-token lifetime (300 s)")]
    public async Task DeclaredSessionSettingsMustBeAbsoluteOverIdleOverTokenLifetime(long idle, long absolute, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = AuthFlows2Support.Configuration(deployment, allowStateChange: true);
        configuration.Dashboard.SessionIdleTimeoutSeconds = idle;
        configuration.Dashboard.SessionAbsoluteTimeoutSeconds = absolute;
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(), configuration));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutATokenOrPermissionToMintTheCheckIsNotConfigured()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("-AccessToken", result.Message);
    }

    [Fact]
    public async Task AnOpaqueAccessTokenIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var inputs = new AuthInputs();
        inputs.AccessTokens.Add("410b14b1-8c4d-4a57-9d0e-2b7c1f9a3e55");
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(inputs), TestSupport.ConfigurationFor(deployment), inputs.AccessTokens.Single()));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("is opaque, not a JWT", Assert.Single(result.Reasons));
    }
}
