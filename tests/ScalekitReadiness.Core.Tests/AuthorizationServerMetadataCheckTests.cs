using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class AuthorizationServerMetadataCheckTests
{
    private const string Id = AuthorizationServerMetadataCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPassesAndReportsWhichFormsAnswered()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        string issuer = deployment.EnvironmentUrlString + "/resources/res_test123";
        Assert.Equal("oauth-authorization-server inserted, oauth-authorization-server appended (Scalekit)", TestSupport.Evidence(result, "Answered for " + issuer));
        Assert.Equal(deployment.EnvironmentUrlString + "/.well-known/oauth-authorization-server/resources/res_test123", TestSupport.Evidence(result, "Judged for " + issuer));
        Assert.Equal(issuer, TestSupport.Evidence(result, "issuer"));
        Assert.Equal("(absent)", TestSupport.Evidence(result, "authorization_response_iss_parameter_supported"));
    }

    [Theory]
    [InlineData(Faults.AsMetadataIssuerMismatch, "is not the authorization server")]
    [InlineData(Faults.AsMetadataNoS256, "code_challenge_methods_supported is absent: MCP clients refuse")]
    [InlineData(Faults.AsMetadataHttpEndpoint, "'token_endpoint' is http://")]
    [InlineData(Faults.AsMetadataNoCodeResponse, "response_types_supported does not contain code")]
    [InlineData(Faults.AsMetadataNoAuthorizationCodeGrant, "grant_types_supported does not contain authorization_code")]
    [InlineData(Faults.AsMetadataJwksUnreachable, "answered 404 without a JSON key set")]
    [InlineData(Faults.PrmMissing, "No protected resource metadata was found")]
    public async Task EachFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData(Faults.AsMetadataNoRegistration, "neither a registration_endpoint nor client_id_metadata_document_supported")]
    [InlineData(Faults.AsMetadataAppendedOnly, "only Scalekit's appended form")]
    public async Task RegistrationGapsAndTheAppendedFormAloneAreWarnings(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AForeignAuthorizationServerIsOnlyReadNeverSentACredential()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmAsForeignHost);
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.ConfigurationFor(deployment));

        Assert.NotEmpty(deployment.ForeignRequests);
        Assert.All(deployment.ForeignRequests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.False(r.Headers.ContainsKey("Authorization"));
        });
        Assert.Contains(result.Evidence, e => e.Name.StartsWith("Answered for " + deployment.ForeignBaseUrl, System.StringComparison.Ordinal));
    }

    [Fact]
    public void MetadataLocationsFollowTheMcpOrderThenScalekitsAppendedForm()
    {
        var locations = ScalekitReadiness.Mcp.McpDiscovery.MetadataLocations(new System.Uri("https://auth.example.test/resources/res_1/"));

        Assert.Equal(
            new[]
            {
                "https://auth.example.test/.well-known/oauth-authorization-server/resources/res_1",
                "https://auth.example.test/.well-known/openid-configuration/resources/res_1",
                "https://auth.example.test/resources/res_1/.well-known/openid-configuration",
                "https://auth.example.test/resources/res_1/.well-known/oauth-authorization-server",
            },
            locations.Select(l => l.Url.AbsoluteUri));
        Assert.Equal(new[] { true, true, true, false }, locations.Select(l => l.InMcpOrder));
        Assert.Equal(2, ScalekitReadiness.Mcp.McpDiscovery.MetadataLocations(new System.Uri("http://localhost:3001/")).Count);
    }
}
