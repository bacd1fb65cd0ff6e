using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class CallbackStateCheckTests
{
    private const string Id = CallbackStateCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentRefusesEveryCaseWithRealCodes()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.StartsWith("real codes", AuthFlowsSupport.Evidence(result, "Codes"));
        Assert.Contains("→ 400 text/html", AuthFlowsSupport.Evidence(result, "Callback (c) state without its cookie"));
        Assert.Equal(7, requests); // two logins, their two authorization requests, three callbacks
    }

    [Theory]
    [InlineData(Faults.CallbackStateWithoutCookie, "(c) state without its cookie: the callback set the cookie(s) 'sk_session'")]
    [InlineData(Faults.CallbackStateReflected, "(b) forged state: the callback echoes the forged state into its page without HTML escaping")]
    public async Task EachCallbackFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ACallbackThatIgnoresStateIsCaughtSigningIn()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CallbackIgnoresState);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(2, result.Reasons.Count);
        Assert.Contains("(a) no state: the callback set the cookie(s) 'sk_session'", result.Reasons[0]);
        Assert.Contains("(c) state without its cookie: the callback set the cookie(s) 'sk_session'", result.Reasons[1]);
        Assert.DoesNotContain("sk_session=", AuthFlowsSupport.Visible(result));
    }

    [Fact]
    public async Task ACallbackThatCrashesFailsOnEveryCase()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CallbackState500);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(3, result.Reasons.Count);
        Assert.All(result.Reasons, r => Assert.Contains("answered HTTP 500", r));
    }

    [Fact]
    public async Task WithoutALoginUrlCaseCIsAWarningAndOnlyTwoRequestsAreSent()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = AuthFlowsSupport.ConfigurationFor(deployment);
        configuration.App.LoginUrl = null;
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(Id, configuration);

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("configure App.LoginUrl", Assert.Single(result.Reasons));
        Assert.StartsWith("made-up codes", AuthFlowsSupport.Evidence(result, "Codes"));
        Assert.Equal(2, requests);
    }

    [Fact]
    public void SetCookieParsingReadsFlagsAndDeletion()
    {
        SetCookie cookie = SetCookie.Parse("sk_login=abc; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax")!;
        Assert.Equal("sk_login", cookie.Name);
        Assert.True(cookie.HttpOnly && cookie.Secure);
        Assert.Equal("Lax", cookie.SameSite);
        Assert.False(cookie.Clears);
        Assert.True(SetCookie.Parse("sk_login=; Path=/; Max-Age=0")!.Clears);
        Assert.True(SetCookie.Parse("a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT")!.Clears);
        Assert.Equal("sk_login: Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax", cookie.Describe());
    }
}
