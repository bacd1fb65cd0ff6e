using System.Threading.Tasks;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class LoginInitiationCheckTests
{
    private const string Id = LoginInitiationCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPassesWithThreeRequests()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(deployment.LoginUrl, result.Target);
        Assert.Equal(deployment.AuthorizeUrl, AuthFlowsSupport.Evidence(result, "Authorization URL"));
        Assert.Equal("code", AuthFlowsSupport.Evidence(result, "response_type"));
        Assert.Equal("S256", AuthFlowsSupport.Evidence(result, "code_challenge_method"));
        Assert.Equal("43 characters", AuthFlowsSupport.Evidence(result, "state length"));
        Assert.Contains("HttpOnly", AuthFlowsSupport.Evidence(result, "Cookie"));
        Assert.Equal(3, requests); // two logins (state must change) and one authorization request
    }

    [Theory]
    [InlineData(Faults.LoginStateConstant, "state is the same on two logins")]
    [InlineData(Faults.LoginStateShort, "state is 8 characters long")]
    [InlineData(Faults.LoginNoOpenId, "does not contain openid")]
    [InlineData(Faults.LoginStateCookieInsecure, "lacks HttpOnly, Secure, SameSite")]
    public async Task EachLoginFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        string only = Assert.Single(result.Reasons);
        Assert.Contains(reason, only);
    }

    [Fact]
    public async Task UnregisteredRedirectUriFailsTwiceOver()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.LoginUnregisteredRedirect);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(2, result.Reasons.Count);
        Assert.Contains("is not in the allowed list", result.Reasons[0]);
        Assert.Contains("answered the app's authorization URL with HTTP 400", result.Reasons[1]);
    }

    [Fact]
    public async Task MissingPkceIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.LoginNoPkce);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("No PKCE code_challenge", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnotherClientIdFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = AuthFlowsSupport.ConfigurationFor(deployment);
        configuration.ClientId = "skc_11111111111111111";
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("not the configured client 'skc_11111111111111111'", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ALoginUrlThatDoesNotRedirectFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = AuthFlowsSupport.ConfigurationFor(deployment);
        configuration.App.LoginUrl = deployment.AppBaseUrl + "/api/me";
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("answered HTTP 401 instead of redirecting", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutALoginUrlItIsNotRun()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("App.LoginUrl", result.Message);
    }

    [Fact]
    public async Task CookieValuesNeverAppearInTheResult()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.LoginStateConstant);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        string visible = AuthFlowsSupport.Visible(result);
        Assert.DoesNotContain("sk_login=", visible);
    }
}
