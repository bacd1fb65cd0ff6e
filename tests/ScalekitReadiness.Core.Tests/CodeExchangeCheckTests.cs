using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class CodeExchangeCheckTests
{
    private const string Id = CodeExchangeCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPassesWithThreeRequests()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(deployment.EnvironmentUrlString, result.Target);
        Assert.Equal(deployment.EnvironmentUrlString + "/oauth/token", AuthFlowsSupport.Evidence(result, "Token endpoint"));
        Assert.Equal("discovery document", AuthFlowsSupport.Evidence(result, "Endpoints"));
        Assert.Contains("→ 400 application/json", AuthFlowsSupport.Evidence(result, "Fake code"));
        Assert.Contains("→ 401 application/json", AuthFlowsSupport.Evidence(result, "Wrong secret"));
        Assert.Equal(3, requests); // discovery, fake code, wrong secret
    }

    private static async Task<(CheckResult Result, int Requests, string Code)> ExchangeRealCodeAsync(Deployment deployment, bool allowStateChange = true, bool withNonce = true)
    {
        (string code, string verifier, string nonce) = await AuthFlowsSupport.LoginAsync(deployment);
        AuditConfiguration configuration = AuthFlowsSupport.ConfigurationFor(deployment);
        configuration.AllowStateChange = allowStateChange;
        var check = new CodeExchangeCheck(new CodeExchangeInputs(code, verifier, deployment.CallbackUrl, withNonce ? nonce : null));
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(check, configuration);
        return (Assert.Single(results), requests, code);
    }

    [Fact]
    public async Task ARealCodeIsExchangedValidatedAndRefusedTheSecondTime()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (CheckResult result, int requests, string code) = await ExchangeRealCodeAsync(deployment);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.StartsWith("valid: RS256 kid=snk_test1, iss=" + deployment.EnvironmentUrlString + ", aud=" + deployment.ClientId, AuthFlowsSupport.Evidence(result, "ID token"));
        Assert.Equal("refused: HTTP 400 invalid_grant", AuthFlowsSupport.Evidence(result, "Second use"));
        Assert.Contains("id_token", AuthFlowsSupport.Evidence(result, "Token response"));
        Assert.Equal(6, requests); // discovery, fake code, wrong secret, real code, JWKS, real code again

        string visible = AuthFlowsSupport.Visible(result);
        Assert.DoesNotContain(code, visible);
        Assert.DoesNotContain(deployment.ClientSecret, visible);
        Assert.DoesNotContain("eyJ", visible);
    }

    [Theory]
    [InlineData(Faults.TokenUnknownCode500, "answered a made-up authorization code with HTTP 500")]
    [InlineData(Faults.TokenInvalidClient400, "answered a wrong client secret with HTTP 400 invalid_client; expected 401")]
    public async Task EachTokenEndpointFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(result.Reasons, r => r.Contains(reason));
        Assert.All(result.Reasons, r => Assert.DoesNotContain("no-store", r));
    }

    [Fact]
    public async Task MissingNoStoreFailsOnEveryTokenResponse()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.TokenNoStoreMissing);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(2, result.Reasons.Count);
        Assert.All(result.Reasons, r => Assert.Contains("lacks Cache-Control: no-store", r));
    }

    [Fact]
    public async Task AReusableCodeFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CodeReusable);
        (CheckResult result, _, _) = await ExchangeRealCodeAsync(deployment);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("exchanged a second time", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnIdTokenWithoutTheNonceFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.IdTokenNoNonce);
        (CheckResult result, _, _) = await ExchangeRealCodeAsync(deployment);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("carries no nonce", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnIdTokenFromAnotherIssuerFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (string code, string verifier, string nonce) = await AuthFlowsSupport.LoginAsync(deployment);
        AuditConfiguration configuration = AuthFlowsSupport.ConfigurationFor(deployment);
        configuration.AllowStateChange = true;
        configuration.EnvironmentUrl = deployment.EnvironmentUrlString + "/";
        CheckResult result = (await AuthFlowsSupport.RunCountedAsync(
            new CodeExchangeCheck(new CodeExchangeInputs(code, verifier, deployment.CallbackUrl, nonce)), configuration)).Results.Single();

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("its iss is not the environment URL", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ARealCodeIsNotSpentWithoutAllowStateChange()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (CheckResult result, int requests, _) = await ExchangeRealCodeAsync(deployment, allowStateChange: false);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("state changes are not allowed", Assert.Single(result.Reasons));
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task WithoutASecretTheFakeCodeProbeIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment, withSecret: false));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("invalid_grant could not be tested", Assert.Single(result.Reasons));
    }
}
