using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>The test deployment's MCP server and its token issuance, proven with raw requests before the checks rely on them.</summary>
public sealed class McpTestServerTests
{
    [Fact]
    public async Task UnauthenticatedRequestsAreChallengedWithAbsoluteResourceMetadataAndScope()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        using var client = new McpTestClient(deployment);

        ProbeResponse post = await client.SendAsync(client.Initialize(token: null));
        ProbeResponse get = await client.SendAsync(new ProbeRequest(System.Net.Http.HttpMethod.Get, new Uri(deployment.McpUrl)));

        Assert.Equal(401, post.StatusCode);
        Assert.Equal(
            $"Bearer realm=\"OAuth\", resource_metadata=\"{deployment.AppBaseUrl}/.well-known/oauth-protected-resource/mcp\", scope=\"todo:read todo:write\"",
            post.Header("WWW-Authenticate"));
        Assert.Equal(401, get.StatusCode);
        Assert.Empty(deployment.McpCalls);
    }

    [Fact]
    public async Task ClientCredentialsWithResourceMintsAnAudienceBoundScopedToken()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        using var client = new McpTestClient(deployment);

        ProbeResponse full = await client.RequestTokenAsync(resource: deployment.McpUrl);
        ProbeResponse viaResource = await client.RequestTokenAsync(limited: true, tokenUrl: deployment.ResourceIssuer + "/oauth/token");

        Assert.Equal(200, full.StatusCode);
        Assert.Equal("no-store", full.Header("Cache-Control"));
        JsonWebToken token = new(JsonNode.Parse(full.BodyText)!["access_token"]!.GetValue<string>());
        Assert.Equal(deployment.EnvironmentUrlString, token.Issuer);
        Assert.Equal(new[] { deployment.ResourceId, deployment.McpUrl }, token.Audiences);
        Assert.Equal("todo:read todo:write", token.GetPayloadValue<string>("scope"));
        Assert.Equal(deployment.McpClientId, token.GetPayloadValue<string>("client_id"));
        Assert.Equal(deployment.EnvironmentKeyId, token.Kid);

        Assert.Equal(200, viaResource.StatusCode);
        JsonWebToken limited = new(JsonNode.Parse(viaResource.BodyText)!["access_token"]!.GetValue<string>());
        Assert.Equal("todo:read", limited.GetPayloadValue<string>("scope"));
    }

    [Theory]
    [InlineData(true, null, "https://elsewhere.example/mcp", 400, "invalid_target")]
    [InlineData(true, "todo:write", null, 400, "invalid_scope")]
    public async Task TokenEndpointRefusesUnknownResourcesAndScopesBeyondTheClient(bool limited, string? scope, string? resource, int status, string error)
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        using var client = new McpTestClient(deployment);

        ProbeResponse response = await client.RequestTokenAsync(limited, resource, scope);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, JsonNode.Parse(response.BodyText)!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task SessionEraLifecycleWorksAndSessionsNeverStandInForTheToken()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        using var client = new McpTestClient(deployment);
        string token = await client.TokenAsync();

        ProbeResponse initialize = await client.SendAsync(client.Initialize(token));
        string sessionId = initialize.Header("Mcp-Session-Id")!;
        string otherSession = await client.OpenSessionAsync(token);
        ProbeResponse tools = await client.SendAsync(client.Rpc("tools/list", token: token, sessionId: sessionId));
        ProbeResponse call = await client.SendAsync(client.Rpc("tools/call", McpTestClient.ToolCall("todo.list"), token: token, sessionId: sessionId));
        ProbeResponse noToken = await client.SendAsync(client.Rpc("tools/list", sessionId: sessionId));
        ProbeResponse madeUp = await client.SendAsync(client.Rpc("tools/list", token: token, sessionId: "made-up-session"));
        ProbeResponse noSession = await client.SendAsync(client.Rpc("tools/list", token: token));
        ProbeResponse modernProbe = await client.SendAsync(client.Rpc("server/discover", token: token, modern: true));
        ProbeResponse delete = await client.SendAsync(client.Delete(token, sessionId));
        ProbeResponse afterDelete = await client.SendAsync(client.Rpc("tools/list", token: token, sessionId: sessionId));

        Assert.Equal(200, initialize.StatusCode);
        Assert.Equal("2025-11-25", McpTestClient.Message(initialize)["result"]!["protocolVersion"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", sessionId);
        Assert.NotEqual(sessionId, otherSession);
        Assert.Equal("application/json", tools.MediaType);
        Assert.Equal(
            new[] { "todo.list", "todo.add", "todo.delete" },
            McpTestClient.Message(tools)["result"]!["tools"]!.AsArray().Select(tool => tool!["name"]!.GetValue<string>()));
        Assert.Equal("text/event-stream", call.MediaType);
        Assert.False(McpTestClient.Message(call)["result"]!["isError"]!.GetValue<bool>());
        Assert.Equal(401, noToken.StatusCode);
        Assert.Equal(404, madeUp.StatusCode);
        Assert.Equal(400, noSession.StatusCode);
        Assert.Equal(400, modernProbe.StatusCode);
        Assert.Equal(-32000, McpTestClient.Message(modernProbe)["error"]!["code"]!.GetValue<int>());
        Assert.Equal(204, delete.StatusCode);
        Assert.Equal(404, afterDelete.StatusCode);
        McpCall logged = Assert.Single(deployment.McpCalls);
        Assert.Equal(("tools/call", "todo.list", deployment.McpClientId, true), (logged.Method, logged.Name, logged.ClientId, logged.Executed));
    }

    [Fact]
    public async Task ModernEraServesServerDiscoverWithoutSessionsAndChecksTheHeaders()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpModernEra);
        using var client = new McpTestClient(deployment);
        string token = await client.TokenAsync();

        ProbeResponse unauthenticated = await client.SendAsync(client.Rpc("server/discover", modern: true));
        ProbeResponse discover = await client.SendAsync(client.Rpc("server/discover", token: token, modern: true));
        ProbeResponse call = await client.SendAsync(client.Rpc("tools/call", McpTestClient.ToolCall("todo.list"), token: token, modern: true));
        ProbeRequest mismatched = client.Rpc("tools/call", McpTestClient.ToolCall("todo.list"), token: token, modern: true);
        mismatched.Headers.Remove(mismatched.Headers.Single(header => header.Key == "Mcp-Name"));
        ProbeResponse missingName = await client.SendAsync(mismatched);
        ProbeResponse legacy = await client.SendAsync(client.Initialize(token));
        ProbeResponse get = await client.SendAsync(new ProbeRequest(System.Net.Http.HttpMethod.Get, new Uri(deployment.McpUrl)).WithHeader("Authorization", "Bearer " + token));
        ProbeResponse delete = await client.SendAsync(client.Delete(token, "any"));
        ProbeResponse unknown = await client.SendAsync(client.Rpc("tasks/list", token: token, modern: true));

        Assert.Equal(401, unauthenticated.StatusCode);
        Assert.Equal(200, discover.StatusCode);
        Assert.Null(discover.Header("Mcp-Session-Id"));
        Assert.Equal("2026-07-28", McpTestClient.Message(discover)["result"]!["supportedVersions"]![0]!.GetValue<string>());
        Assert.Equal(200, call.StatusCode);
        Assert.Equal(400, missingName.StatusCode);
        Assert.Equal(-32020, McpTestClient.Message(missingName)["error"]!["code"]!.GetValue<int>());
        Assert.Equal(400, legacy.StatusCode);
        Assert.Equal(405, get.StatusCode);
        Assert.Equal(405, delete.StatusCode);
        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal(-32601, McpTestClient.Message(unknown)["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task ToolsAndResourcesNeedTheirScopesAndInsufficientScopeIsA403StepUpChallenge()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        using var client = new McpTestClient(deployment);
        string limited = await client.TokenAsync(limited: true);
        string session = await client.OpenSessionAsync(limited);

        ProbeResponse add = await client.SendAsync(client.Rpc("tools/call", McpTestClient.ToolCall("todo.add", new JsonObject { ["title"] = "x" }), token: limited, sessionId: session));
        ProbeResponse drafts = await client.SendAsync(client.Rpc("resources/read", new JsonObject { ["uri"] = "todo://drafts" }, token: limited, sessionId: session));
        ProbeResponse items = await client.SendAsync(client.Rpc("resources/read", new JsonObject { ["uri"] = "todo://items" }, token: limited, sessionId: session));

        Assert.Equal(403, add.StatusCode);
        Assert.Equal(
            $"Bearer realm=\"OAuth\", error=\"insufficient_scope\", error_description=\"The access token lacks the scope this operation needs\", resource_metadata=\"{deployment.AppBaseUrl}/.well-known/oauth-protected-resource/mcp\", scope=\"todo:write\"",
            add.Header("WWW-Authenticate"));
        Assert.Equal(403, drafts.StatusCode);
        Assert.Equal(200, items.StatusCode);
        Assert.Equal(
            new[] { "tools/call todo.add by m2m_71023566987654321 (refused)", "resources/read todo://drafts by m2m_71023566987654321 (refused)", "resources/read todo://items by m2m_71023566987654321" },
            deployment.McpCalls.Select(call => call.ToString()));
    }

    public static TheoryData<string, string> ForgedTokens() => new()
    {
        { "alg-none", Faults.McpAcceptsAlgNone },
        { "wrong-key", Faults.McpAcceptsWrongKey },
        { "hs256-public-key", Faults.McpAcceptsHs256PublicKey },
        { "expired", Faults.McpAcceptsExpired },
        { "wrong-audience", Faults.McpAcceptsWrongAudience },
        { "wrong-issuer", Faults.McpAcceptsWrongIssuer },
        { "query-string", Faults.McpAcceptsQueryToken },
    };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task ForgedTokensAreRefusedOnTheCleanServerAndAcceptedOnlyUnderTheirFault(string forgery, string fault)
    {
        await using Deployment clean = await TestSupport.StartAsync();
        await using Deployment faulty = await TestSupport.StartAsync(fault);

        ProbeResponse refused = await SendForgedAsync(clean, forgery);
        ProbeResponse accepted = await SendForgedAsync(faulty, forgery);

        Assert.Equal(401, refused.StatusCode);
        Assert.StartsWith("Bearer realm=\"OAuth\"", refused.Header("WWW-Authenticate"));
        Assert.Equal(200, accepted.StatusCode);
    }

    [Fact]
    public async Task ExpiredTokensGetInvalidTokenAndBothScalekitIssuerFormsAreAccepted()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpTokenResourceIssuer);
        using var client = new McpTestClient(deployment);
        string resourceIssued = await client.TokenAsync();

        ProbeResponse expired = await client.SendAsync(client.Initialize(Expired(deployment)));
        ProbeResponse accepted = await client.SendAsync(client.Initialize(resourceIssued));

        Assert.Equal(401, expired.StatusCode);
        Assert.Contains("error=\"invalid_token\", error_description=\"The access token expired\"", expired.Header("WWW-Authenticate"));
        Assert.Equal(deployment.ResourceIssuer, new JsonWebToken(resourceIssued).Issuer);
        Assert.Equal(200, accepted.StatusCode);
    }

    [Theory]
    [InlineData(Faults.McpSessionWithoutToken)]
    [InlineData(Faults.McpSessionMadeUpAccepted)]
    [InlineData(Faults.McpSessionDeleteIgnored)]
    public async Task SessionFaultsLetTheSessionDoWhatItMustNot(string fault)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        using var client = new McpTestClient(deployment);
        string token = await client.TokenAsync();
        string session = await client.OpenSessionAsync(token);

        ProbeResponse response = fault switch
        {
            Faults.McpSessionWithoutToken => await client.SendAsync(client.Rpc("tools/list", sessionId: session)),
            Faults.McpSessionMadeUpAccepted => await client.SendAsync(client.Rpc("tools/list", token: token, sessionId: "made-up")),
            _ => await DeleteThenListAsync(client, token, session),
        };

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task PredictableSessionIdsAreSequential()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpSessionPredictable);
        using var client = new McpTestClient(deployment);
        string token = await client.TokenAsync();

        Assert.Equal("sess-1", await client.OpenSessionAsync(token));
        Assert.Equal("sess-2", await client.OpenSessionAsync(token));
    }

    [Theory]
    [InlineData(Faults.McpToolRunsWithoutScope, 200, null)]
    [InlineData(Faults.McpInsufficientScope401, 401, "Bearer realm=\"OAuth\", resource_metadata=")]
    [InlineData(Faults.McpInsufficientScopeNoChallenge, 403, null)]
    public async Task ScopeFaultsChangeTheAnswerToAToolCallWithoutItsScope(string fault, int status, string? challengeStart)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        using var client = new McpTestClient(deployment);
        string limited = await client.TokenAsync(limited: true);
        string session = await client.OpenSessionAsync(limited);

        ProbeResponse add = await client.SendAsync(client.Rpc("tools/call", McpTestClient.ToolCall("todo.add", new JsonObject { ["title"] = "x" }), token: limited, sessionId: session));

        Assert.Equal(status, add.StatusCode);
        if (challengeStart is null)
        {
            Assert.Null(add.Header("WWW-Authenticate"));
        }
        else
        {
            Assert.StartsWith(challengeStart, add.Header("WWW-Authenticate"));
        }

        Assert.Equal(status == 200, Assert.Single(deployment.McpCalls).Executed);
    }

    [Theory]
    [InlineData(Faults.McpOpen, 200, null)]
    [InlineData(Faults.McpChallengeNoResourceMetadata, 401, "Bearer realm=\"OAuth\", scope=\"todo:read todo:write\"")]
    [InlineData(Faults.McpChallengeRelativeResourceMetadata, 401, "Bearer realm=\"OAuth\", resource_metadata=\"/.well-known/oauth-protected-resource/mcp\", scope=\"todo:read todo:write\"")]
    [InlineData(Faults.McpChallengeMissing, 401, null)]
    public async Task ChallengeFaultsChangeTheUnauthenticatedAnswer(string fault, int status, string? challenge)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        using var client = new McpTestClient(deployment);

        ProbeResponse response = await client.SendAsync(client.Initialize(token: null));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(challenge, response.Header("WWW-Authenticate"));
    }

    [Theory]
    [InlineData(Faults.McpExpired500, 500)]
    [InlineData(Faults.McpExpiredJsonRpcError, 200)]
    public async Task ExpiryFaultsAnswerSomethingOtherThan401(string fault, int status)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        using var client = new McpTestClient(deployment);

        ProbeResponse response = await client.SendAsync(client.Initialize(Expired(deployment)));

        Assert.Equal(status, response.StatusCode);
        Assert.Null(response.Header("WWW-Authenticate"));
    }

    private static async Task<ProbeResponse> DeleteThenListAsync(McpTestClient client, string token, string session)
    {
        Assert.Equal(204, (await client.SendAsync(client.Delete(token, session))).StatusCode);
        return await client.SendAsync(client.Rpc("tools/list", token: token, sessionId: session));
    }

    private static async Task<ProbeResponse> SendForgedAsync(Deployment deployment, string forgery)
    {
        using var client = new McpTestClient(deployment);
        if (forgery == "query-string")
        {
            string token = await client.TokenAsync();
            return await client.SendAsync(WithUrl(client.Initialize(token: null), deployment.McpUrl + "?access_token=" + token));
        }

        if (forgery == "wrong-audience")
        {
            return await client.SendAsync(client.Initialize(await client.TokenAsync(resource: deployment.OtherMcpUrl)));
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = forgery == "wrong-issuer" ? "https://evil.example" : deployment.EnvironmentUrlString,
            ["sub"] = deployment.McpClientId,
            ["client_id"] = deployment.McpClientId,
            ["aud"] = new[] { deployment.ResourceId, deployment.McpUrl },
            ["scope"] = "todo:read todo:write",
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
        };
        string forged = forgery switch
        {
            "alg-none" => Create(claims, null),
            "wrong-key" => Create(claims, new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = deployment.EnvironmentKeyId }, SecurityAlgorithms.RsaSha256)),
            "hs256-public-key" => Create(claims, new SigningCredentials(new SymmetricSecurityKey(Encoding.ASCII.GetBytes(deployment.EnvironmentPublicKeyPem)), SecurityAlgorithms.HmacSha256)),
            "expired" => Expired(deployment),
            "wrong-issuer" => deployment.SignWithEnvironmentKey((JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(claims))!),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
        return await client.SendAsync(client.Initialize(forged));
    }

    private static ProbeRequest WithUrl(ProbeRequest request, string url)
    {
        var moved = new ProbeRequest(request.Method, new Uri(url)) { Body = request.Body, ContentType = request.ContentType };
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            moved.Headers.Add(header);
        }

        return moved;
    }

    private static string Create(Dictionary<string, object> claims, SigningCredentials? credentials)
    {
        var descriptor = new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>A correctly signed MCP token that expired ten minutes ago.</summary>
    internal static string Expired(Deployment deployment)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return deployment.SignWithEnvironmentKey(new JsonObject
        {
            ["iss"] = deployment.EnvironmentUrlString,
            ["sub"] = deployment.McpClientId,
            ["client_id"] = deployment.McpClientId,
            ["aud"] = new JsonArray(deployment.ResourceId, deployment.McpUrl),
            ["scope"] = "todo:read todo:write",
            ["iat"] = now - 1200,
            ["nbf"] = now - 1200,
            ["exp"] = now - 600,
        });
    }
}
