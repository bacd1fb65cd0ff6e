using System.Collections.Generic;
using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

public sealed class TokenSignatureCheckTests
{
    [Fact]
    public async Task TheCleanJwksAndAMintedTokenPassAndTheIssuerFormIsReported()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        IReadOnlyList<CheckResult> results = await AuthFlows2Support.RunAsync(new TokenSignatureCheck(), AuthFlows2Support.Configuration(deployment, allowStateChange: true));

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.Equal(deployment.EnvironmentUrlString, results[0].Target);
        Assert.Equal("kid=snk_test1 kty=RSA use=sig alg=RS256 bits=2048", AuthFlows2Support.Evidence(results[0], "Keys"));
        Assert.Equal("environment URL form: " + deployment.EnvironmentUrlString, AuthFlows2Support.Evidence(results[1], "Issuer form"));
        Assert.Equal("none (neither scope nor scopes)", AuthFlows2Support.Evidence(results[1], "Scope claim"));
    }

    [Fact]
    public async Task TheResourceIssuerFormIsAcceptedAndReportedWithItsScopesArray()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        string token = await AuthFlows2Support.LabTextAsync(deployment, "/lab/resource-token");
        var inputs = new AuthInputs();
        inputs.AccessTokens.Add(token);
        IReadOnlyList<CheckResult> results = await AuthFlows2Support.RunAsync(new TokenSignatureCheck(inputs), AuthFlows2Support.Configuration(deployment), token);

        CheckResult verified = results[1];
        Assert.Equal(CheckStatus.Passed, verified.Status);
        Assert.StartsWith("resource form (<env>/resources/<res_id>): " + deployment.EnvironmentUrlString + "/resources/", AuthFlows2Support.Evidence(verified, "Issuer form"));
        Assert.Equal("scopes (array): todo:read, todo:write", AuthFlows2Support.Evidence(verified, "Scope claim"));
    }

    [Theory]
    [InlineData(Faults.JwksSmallKey, "The key 'snk_legacy1024' has 1024 bits")]
    [InlineData(Faults.JwksDuplicateKid, "The JWKS publishes 2 keys under kid 'snk_test1'")]
    [InlineData(Faults.JwksKeyNotForSigning, "The key 'snk_test1' has use=enc, not sig")]
    public async Task EachJwksFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        IReadOnlyList<CheckResult> results = await AuthFlows2Support.RunAsync(new TokenSignatureCheck(), AuthFlows2Support.Configuration(deployment));

        CheckResult jwks = Assert.Single(results);
        Assert.Equal(CheckStatus.Failed, jwks.Status);
        Assert.Contains(reason, Assert.Single(jwks.Reasons));
    }

    [Theory]
    [InlineData("RS256", "unknown-kid", true, "its kid 'unknown-kid' names no key of the JWKS")]
    [InlineData("RS256", "snk_test1", true, "its signature does not verify with the key 'snk_test1'")]
    [InlineData("HS256", "snk_test1", true, "uses alg=HS256: an unsigned or shared-secret token anyone can forge")]
    [InlineData("RS256", "snk_test1", false, "which is neither the environment URL")]
    public async Task ForgedTokensFailWithTheirOwnReason(string algorithm, string kid, bool environmentIssuer, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        // The issuer rule alone needs a token the environment's own key signed: the lab's resource-issuer token, judged
        // against another resource id. The other rules use tokens forged here.
        string token = environmentIssuer
            ? AuthFlows2Support.ForgeToken(
                new Dictionary<string, object> { ["iss"] = deployment.EnvironmentUrlString, ["exp"] = AuthFlows2Support.Now + 300, ["iat"] = AuthFlows2Support.Now },
                algorithm,
                kid)
            : await AuthFlows2Support.LabTextAsync(deployment, "/lab/resource-token");

        var inputs = new AuthInputs();
        inputs.AccessTokens.Add(token);
        var configuration = AuthFlows2Support.Configuration(deployment);
        if (!environmentIssuer)
        {
            configuration.Mcp.ResourceId = "res_other";
        }

        IReadOnlyList<CheckResult> results = await AuthFlows2Support.RunAsync(new TokenSignatureCheck(inputs), configuration, token);

        CheckResult verified = results[1];
        Assert.Equal(CheckStatus.Failed, verified.Status);
        Assert.Contains(reason, Assert.Single(verified.Reasons));
        Assert.Equal(algorithm == "HS256" ? Severity.Critical : Severity.High, verified.Severity);
    }
}
