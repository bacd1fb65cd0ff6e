using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

public sealed class InvalidTokenHandlingCheckTests
{
    [Fact]
    public async Task TheApiAndTheMcpEndpointRefuseEveryInvalidToken()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        IReadOnlyList<CheckResult> results = await AuthFlows2Support.RunAsync(new InvalidTokenHandlingCheck(), AuthFlows2Support.Configuration(deployment));

        Assert.Equal(new[] { deployment.AppBaseUrl + "/api/me", deployment.McpUrl }, results.Select(r => r.Target));
        Assert.All(results, r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.Contains("→ 401", AuthFlows2Support.Evidence(results[0], "expired JWT (forged, the environment's kid snk_test1)"));
        Assert.Contains("→ 401", AuthFlows2Support.Evidence(results[1], "empty bearer"));
    }

    [Theory]
    [InlineData(Faults.UnknownKeyTokenAccepted, "The JWT signed by an unknown key was ACCEPTED (HTTP 200)", "unknown key")]
    [InlineData(Faults.MalformedToken500, "The malformed token got HTTP 500, a server error, instead of 401", "malformed token")]
    [InlineData(Faults.InvalidTokenStackTrace, "shows a .NET stack trace", "stack trace")]
    [InlineData(Faults.InvalidTokenNoChallenge, "has no WWW-Authenticate: Bearer challenge", "no WWW-Authenticate: Bearer challenge")]
    public async Task EachApiFaultFailsWithItsOwnReason(string fault, string reason, string everyReasonSays)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new InvalidTokenHandlingCheck(), AppOnly(deployment)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.All(result.Reasons, r => Assert.Contains(everyReasonSays, r));
        Assert.Contains(result.Reasons, r => r.Contains(reason));
    }

    [Fact]
    public async Task AnAcceptedExpiredTokenIsCriticalAndOnlyARealExpiredTokenProvesIt()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.ExpiredTokenAccepted);
        CheckResult forgedOnly = Assert.Single(await AuthFlows2Support.RunAsync(new InvalidTokenHandlingCheck(), AppOnly(deployment)));
        Assert.Equal(CheckStatus.Passed, forgedOnly.Status); // a forged signature is refused whatever the expiry

        string expired = await AuthFlows2Support.LabTextAsync(deployment, "/lab/expired-token");
        var check = new InvalidTokenHandlingCheck(new AuthInputs { ExpiredToken = expired });
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, AppOnly(deployment), expired));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Contains("The expired token (supplied with -ExpiredToken) was ACCEPTED (HTTP 200)", Assert.Single(result.Reasons));
    }

    private static Configuration.AuditConfiguration AppOnly(Deployment deployment)
    {
        Configuration.AuditConfiguration configuration = AuthFlows2Support.Configuration(deployment);
        configuration.McpServerUrl = null;
        return configuration;
    }
}
