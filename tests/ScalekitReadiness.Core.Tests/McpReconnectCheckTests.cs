using System;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class McpReconnectCheckTests
{
    private const string Id = McpReconnectCheck.CheckId;

    [Fact]
    public async Task CleanServerPassesWithTheTamperedExpiredCopy()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, TestSupport.McpClientConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.StartsWith("an expired copy of a fresh token", TestSupport.Evidence(result, "Expired token"));
        Assert.Contains("error=\"invalid_token\"", TestSupport.Evidence(result, "Expired-token challenge"));
        Assert.Contains("the old session", result.Message);
    }

    [Fact]
    public async Task CleanServerPassesWithARealExpiredToken()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, WithExpiredToken(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("the expired token given (-ExpiredToken)", TestSupport.Evidence(result, "Expired token"));
        Assert.Contains("The access token expired", TestSupport.Evidence(result, "Expired-token challenge"));
    }

    [Theory]
    [InlineData(Faults.McpExpired500, "An expired token was answered 500")]
    [InlineData(Faults.McpExpiredJsonRpcError, "answered 200 with a JSON-RPC error")]
    [InlineData(Faults.McpInvalidTokenNoError, "not error=\"invalid_token\"")]
    [InlineData(Faults.McpSessionStuckAfterExpiry, "The old session id with the fresh token was answered 400")]
    [InlineData(Faults.McpAcceptsExpired, "An expired token was accepted")]
    public async Task EachFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, WithExpiredToken(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AModernServerReconnectsWithoutASession()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpModernEra);
        CheckResult result = await TestSupport.RunSingleAsync(Id, WithExpiredToken(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("no session to keep", result.Message);
    }

    [Fact]
    public void TheExpiredCopyMovesTheLifetimeIntoThePast()
    {
        var now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        string token = "eyJhbGciOiJSUzI1NiJ9." + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"sub\":\"a\",\"exp\":1}")).TrimEnd('=') + ".c2ln";

        string[] parts = McpReconnectCheck.ExpiredCopy(token, now).Split('.');

        Assert.Equal("eyJhbGciOiJSUzI1NiJ9", parts[0]);
        Assert.Equal("c2ln", parts[2]);
        string padded = parts[1].Replace('-', '+').Replace('_', '/');
        JsonNode payload = JsonNode.Parse(Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4)))!;
        Assert.Equal(now.ToUnixTimeSeconds() - 3600, payload["exp"]!.GetValue<long>());
        Assert.Equal("a", payload["sub"]!.GetValue<string>());
    }

    /// <summary>A token the environment signed for the MCP server an hour ago (what -ExpiredToken carries).</summary>
    private static AuditConfiguration WithExpiredToken(Deployment deployment)
    {
        AuditConfiguration configuration = TestSupport.McpClientConfigurationFor(deployment);
        long past = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600;
        configuration.Mcp.ExpiredToken = deployment.SignWithEnvironmentKey(new JsonObject
        {
            ["iss"] = deployment.EnvironmentUrlString,
            ["sub"] = deployment.McpClientId,
            ["client_id"] = deployment.McpClientId,
            ["aud"] = new JsonArray("res_test123", deployment.McpUrl),
            ["scope"] = "todo:read todo:write",
            ["iat"] = past - 300,
            ["nbf"] = past - 300,
            ["exp"] = past,
        });
        return configuration;
    }
}
