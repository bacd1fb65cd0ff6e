using System.Linq;
using ScalekitReadiness.Http;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class WwwAuthenticateParserTests
{
    [Fact]
    public void ParsesABearerChallengeWithQuotedAndTokenValues()
    {
        AuthChallenge challenge = WwwAuthenticateParser.Parse(new[]
        {
            "Bearer realm=\"OAuth\", resource_metadata=\"https://mcp.example.test/.well-known/oauth-protected-resource/mcp\", scope=\"todo:read todo:write\", error=invalid_token",
        }).Single();

        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("OAuth", challenge["realm"]);
        Assert.Equal("https://mcp.example.test/.well-known/oauth-protected-resource/mcp", challenge["RESOURCE_METADATA"]);
        Assert.Equal("todo:read todo:write", challenge["scope"]);
        Assert.Equal("invalid_token", challenge["error"]);
    }

    [Fact]
    public void CopesWithTheUnescapedQuotesTheTypeScriptSdkEmits()
    {
        AuthChallenge challenge = WwwAuthenticateParser.Parse(new[]
        {
            "Bearer error=\"invalid_token\", error_description=\"ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \"aud\" claim value\", resource_metadata=\"http://localhost:3200/.well-known/oauth-protected-resource/mcp\"",
        }).Single();

        Assert.Equal("ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \"aud\" claim value", challenge["error_description"]);
        Assert.Equal("http://localhost:3200/.well-known/oauth-protected-resource/mcp", challenge["resource_metadata"]);
    }

    [Fact]
    public void SeparatesSeveralChallengesAndHeaderLines()
    {
        var challenges = WwwAuthenticateParser.Parse(new[]
        {
            "Basic realm=\"api\", Bearer resource_metadata=\"https://a.test/prm\"",
            "DPoP algs=\"ES256\"",
        });

        Assert.Equal(new[] { "Basic", "Bearer", "DPoP" }, challenges.Select(c => c.Scheme));
        Assert.Equal("api", challenges[0]["realm"]);
        Assert.Equal("https://a.test/prm", challenges[1]["resource_metadata"]);
        Assert.Equal("ES256", challenges[2]["algs"]);
    }

    [Fact]
    public void HandlesEscapedQuotesAndABareScheme()
    {
        var challenges = WwwAuthenticateParser.Parse(new[] { "Negotiate, Bearer error_description=\"say \\\"hi\\\"\"" });

        Assert.Equal("Negotiate", challenges[0].Scheme);
        Assert.Equal("say \"hi\"", challenges[1]["error_description"]);
    }

    [Fact]
    public void CopesWithTheSdkAndJoseServersUnescapedQuotesBeforeScopeAndAtTheEnd()
    {
        AuthChallenge challenge = WwwAuthenticateParser.Parse(new[]
        {
            "Bearer error=\"invalid_token\", error_description=\"ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \"aud\" claim value\", scope=\"mcp:tools\", resource_metadata=\"http://localhost:3200/.well-known/oauth-protected-resource/mcp\"",
        }).Single();
        AuthChallenge last = WwwAuthenticateParser.Parse(new[] { "Bearer error=\"invalid_token\", error_description=\"unexpected \"iss\"\"" }).Single();

        Assert.Equal("ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \"aud\" claim value", challenge["error_description"]);
        Assert.Equal("mcp:tools", challenge["scope"]);
        Assert.Equal("http://localhost:3200/.well-known/oauth-protected-resource/mcp", challenge["resource_metadata"]);
        Assert.Equal("unexpected \"iss\"", last["error_description"]);
    }

    [Fact]
    public void HandlesLowerCaseSchemesMissingSpacesEmptyValuesAndCommasInsideQuotes()
    {
        AuthChallenge challenge = WwwAuthenticateParser.Parse(new[]
        {
            "bearer realm=\"a, b\",error=invalid_token,error_description=\"\",resource_metadata=\"https://mcp.test/prm\"",
        }).Single();

        Assert.Equal("bearer", challenge.Scheme);
        Assert.Equal("a, b", challenge["realm"]);
        Assert.Equal("invalid_token", challenge["error"]);
        Assert.Equal(string.Empty, challenge["error_description"]);
        Assert.Equal("https://mcp.test/prm", challenge["resource_metadata"]);
    }
}
