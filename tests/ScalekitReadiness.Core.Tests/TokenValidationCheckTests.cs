using System;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class TokenValidationCheckTests
{
    private const string Id = TokenValidationCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPassesAndTheBatteryNeverSendsARealCredential()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        string foreign = await ForeignAudienceTokenAsync(deployment);
        int issuedBefore = deployment.McpTokensIssued;

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, foreign));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(deployment.McpUrl, result.Target);
        Assert.StartsWith("The MCP server refused every forged and misdirected token with 401 (6 tokens", result.Message);
        Assert.Equal("kid snk_test1 from " + deployment.EnvironmentUrlString + "/keys", Evidence(result, "Environment key"));
        Assert.Contains("→ 401", Evidence(result, "alg: none"));
        Assert.Contains("error=(none)", Evidence(result, "query string"));

        // Never a real credential: no token was minted, and no request reached the server with a token it found valid.
        Assert.Equal(issuedBefore, deployment.McpTokensIssued);
        Assert.DoesNotContain("Valid", deployment.McpAuthentications);
        Assert.Equal(5, deployment.McpAuthentications.Count(outcome => outcome != "Missing"));
        Assert.Empty(deployment.McpCalls);
        Assert.DoesNotContain(foreign, string.Join("\n", result.Evidence.Select(e => e.Value)));
    }

    [Theory]
    [InlineData(Faults.McpAcceptsAlgNone, "An unsigned token (alg: none) was accepted (HTTP 200)")]
    [InlineData(Faults.McpAcceptsWrongKey, "An RS256 token signed by a key the probe made, under the environment's kid (snk_test1), was accepted (HTTP 200)")]
    [InlineData(Faults.McpAcceptsHs256PublicKey, "An HS256 token keyed with the environment's public key (algorithm confusion) was accepted (HTTP 200)")]
    [InlineData(Faults.McpExpired500, "An expired token was answered 500, not 401")]
    [InlineData(Faults.McpAcceptsWrongAudience, "A token issued for another resource (Mcp.ForeignAudienceTokenEnv) was accepted (HTTP 200)")]
    [InlineData(Faults.McpAcceptsQueryToken, "The server judged the token in the query string (the access_token parameter)")]
    [InlineData(Faults.McpOpen, "to an initialize request without any token: it is open")]
    public async Task EachFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, await ForeignAudienceTokenAsync(deployment)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        if (fault == Faults.McpOpen)
        {
            // An open server accepts everything: the first reason says why.
            Assert.Contains(reason, result.Reasons[0]);
            return;
        }

        Assert.True(result.Reasons.Count == 1 && result.Reasons[0].Contains(reason, StringComparison.Ordinal), string.Join(" | ", result.Reasons));
    }

    [Fact]
    public async Task WithoutAForeignAudienceTokenTheAudienceProbeIsSkippedAndSaysHowToEnableIt()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpAcceptsWrongAudience);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, foreignToken: null));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith("not sent: set Mcp.ForeignAudienceTokenEnv", Evidence(result, "wrong audience"));
    }

    [Fact]
    public async Task WithoutTheEnvironmentUrlTheKeyConfusionTokenIsNotSent()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpAcceptsHs256PublicKey);
        AuditConfiguration configuration = Configuration(deployment, foreignToken: null);
        configuration.EnvironmentUrl = null;

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("not read: no Environment.Url is configured", Evidence(result, "JWKS"));
        Assert.Null(result.Evidence.FirstOrDefault(e => e.Name == "HS256 with the public key"));
    }

    [Fact]
    public void ThePublicKeyPemMatchesDotNetsSubjectPublicKeyInfoExport()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        System.Security.Cryptography.RSAParameters parameters = rsa.ExportParameters(false);

        Assert.Equal(rsa.ExportSubjectPublicKeyInfoPem(), ForgedTokens.PublicKeyPem(parameters.Modulus!, parameters.Exponent!));
    }

    /// <summary>A real token for the environment's other MCP server (wrong audience here), as a user would configure it.</summary>
    internal static async Task<string> ForeignAudienceTokenAsync(Deployment deployment)
    {
        using var client = new McpTestClient(deployment);
        return await client.TokenAsync(resource: deployment.OtherMcpUrl);
    }

    private static AuditConfiguration Configuration(Deployment deployment, string? foreignToken)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Mcp.ResourceId = deployment.ResourceId;
        configuration.Mcp.ForeignAudienceToken = foreignToken;
        return configuration;
    }

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.First(e => e.Name == name).Value;
}
