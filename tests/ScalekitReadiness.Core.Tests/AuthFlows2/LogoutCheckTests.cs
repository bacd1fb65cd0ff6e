using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

public sealed class LogoutCheckTests
{
    [Fact]
    public async Task TheCleanLogoutEndsTheSessionEverywhere()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new LogoutCheck(), AuthFlows2Support.Configuration(deployment, allowStateChange: true)));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(deployment.AppBaseUrl + "/logout", result.Target);
        Assert.Equal("from the login flow: sk_session", AuthFlows2Support.Evidence(result, "Session"));
        Assert.Equal(deployment.EnvironmentUrlString + "/oidc/logout", AuthFlows2Support.Evidence(result, "Logout redirect"));
        Assert.Equal("id_token_hint, post_logout_redirect_uri, state", AuthFlows2Support.Evidence(result, "End-session parameters"));
        Assert.Contains("→ 401", AuthFlows2Support.Evidence(result, "Replay after logout"));
    }

    [Theory]
    [InlineData(Faults.LogoutKeepsCookie, "Logout did not clear the session cookie 'sk_session'")]
    [InlineData(Faults.LogoutCookieWrongPath, "Logout clears 'sk_session' with Path=/auth, but it was set with Path=/")]
    [InlineData(Faults.LogoutWithoutIdTokenHint, "has no id_token_hint")]
    [InlineData(Faults.LogoutUnregisteredPostLogoutUri, "/goodbye is not one of the dashboard's Post Logout URLs")]
    [InlineData(Faults.SessionValidAfterLogout, "The session cookie from before logout still opens")]
    public async Task EachLogoutFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new LogoutCheck(), AuthFlows2Support.Configuration(deployment, allowStateChange: true)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ASuppliedCookieThatIsNoSessionIsReportedAndNotReplayed()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        const string Cookie = "sk_session=bm90LWEtbGl2ZS1zZXNzaW9uLWlkLXZhbHVl";
        var check = new LogoutCheck(new AuthInputs { SessionCookie = Cookie });
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, AuthFlows2Support.Configuration(deployment, allowStateChange: true), Cookie.Substring(11)));

        Assert.Equal("from -SessionCookie: sk_session", AuthFlows2Support.Evidence(result, "Session"));
        Assert.StartsWith("not judged: the session did not open", AuthFlows2Support.Evidence(result, "Replay after logout"));
        // The app has no session for the cookie, so it has no ID token to hint with.
        Assert.Contains("has no id_token_hint", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task LogoutNeedsPermissionToChangeState()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new LogoutCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(NotRunReason.RequiresStateChange, result.NotRunReason);
    }
}
