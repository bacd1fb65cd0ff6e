using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using Xunit;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>oidc-provider and the reference MCP server it protects, both over HTTPS with the test CA.</summary>
public sealed class ReferenceMcpServerFixture : IAsyncLifetime
{
    internal OidcProviderPeer Provider { get; private set; } = null!;

    internal ReferenceMcpServerPeer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Provider = await OidcProviderPeer.StartAsync(new OidcProviderOptions { IssuerPath = "/resources/res_reference" });
        Server = await ReferenceMcpServerPeer.StartAsync(Provider);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

public sealed class ReferenceMcpServerPeerTests : IClassFixture<ReferenceMcpServerFixture>
{
    private readonly OidcProviderPeer _provider;
    private readonly ReferenceMcpServerPeer _server;

    public ReferenceMcpServerPeerTests(ReferenceMcpServerFixture fixture)
    {
        _provider = fixture.Provider;
        _server = fixture.Server;
    }

    [Fact]
    public async Task UnauthenticatedInitializeIsChallengedWithTheMetadataUrlAndScope()
    {
        ProbeResponse response = await SdkExamplePeerTests.InitializeAsync(_server.McpUrl, bearer: null, _server.CaPath);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(
            $"Bearer resource_metadata=\"{_server.ResourceMetadataUrl}\", scope=\"mcp:tools\"",
            response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task PublishesItsMetadataAtTheRootAndThePathAwareUrl()
    {
        using ProbeClient probe = PeerHttp.Probe(_server.CaPath);
        string root = _server.McpUrl[..^"/mcp".Length] + "/.well-known/oauth-protected-resource";

        foreach (string url in new[] { _server.ResourceMetadataUrl, root })
        {
            ProbeResponse response = await PeerHttp.GetAsync(probe, url);
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("application/json", response.MediaType);
            JsonElement document = PeerHttp.Json(response);
            Assert.Equal(_server.McpUrl, document.GetProperty("resource").GetString());
            Assert.Equal(_provider.Issuer, document.GetProperty("authorization_servers")[0].GetString());
        }
    }

    [Fact]
    public async Task AClientCredentialsTokenForItsUrlInitializesAndListsTools()
    {
        string token = await PeerHttp.ClientCredentialsTokenAsync(_provider, _server.McpUrl, "mcp:tools");
        ProbeResponse initialize = await SdkExamplePeerTests.InitializeAsync(_server.McpUrl, token, _server.CaPath);
        Assert.Equal(200, initialize.StatusCode);
        string session = initialize.Header("Mcp-Session-Id")!;
        Assert.False(string.IsNullOrEmpty(session));

        ProbeResponse list = await McpPostAsync(token, session, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");

        Assert.Equal(200, list.StatusCode);
        Assert.Contains("\"name\":\"whoami\"", list.BodyText);
        Assert.Contains("\"name\":\"admin_reset\"", list.BodyText);
    }

    [Fact]
    public async Task AnAdminToolWithoutItsScopeIsInsufficientScope()
    {
        string tools = await PeerHttp.ClientCredentialsTokenAsync(_provider, _server.McpUrl, "mcp:tools");
        string admin = await PeerHttp.ClientCredentialsTokenAsync(_provider, _server.McpUrl, "mcp:tools mcp:admin");
        const string Call = """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"admin_reset","arguments":{}}}""";

        ProbeResponse refused = await McpPostAsync(tools, await SessionAsync(tools), Call);
        ProbeResponse allowed = await McpPostAsync(admin, await SessionAsync(admin), Call);

        Assert.Equal(403, refused.StatusCode);
        Assert.StartsWith("Bearer error=\"insufficient_scope\"", refused.Header("WWW-Authenticate"));
        Assert.Contains("scope=\"mcp:tools mcp:admin\"", refused.Header("WWW-Authenticate"));
        Assert.Equal(200, allowed.StatusCode);
        Assert.Contains("reset done", allowed.BodyText);
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIsAnInvalidToken()
    {
        string foreign = await PeerHttp.ClientCredentialsTokenAsync(_provider, "https://localhost:1/mcp", "mcp:tools");

        ProbeResponse response = await SdkExamplePeerTests.InitializeAsync(_server.McpUrl, foreign, _server.CaPath);

        Assert.Equal(401, response.StatusCode);
        Assert.StartsWith("Bearer error=\"invalid_token\"", response.Header("WWW-Authenticate"));
        Assert.Contains($"resource_metadata=\"{_server.ResourceMetadataUrl}\"", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task ItPassesTheScopeCheckSkMcp090AndRefusesTheLimitedClientTheAdminTool()
    {
        CheckResult result = await TestSupport.RunSingleAsync(ScopeCheck.CheckId, ScopeConfiguration());

        Assert.True(result.Status == CheckStatus.Passed, string.Join("; ", result.Reasons));
        Assert.Empty(result.Reasons);
        Assert.Equal("Every tool and resource called without its scope was refused with 403 and an insufficient_scope challenge (1 calls; only tools marked safe were called).", result.Message);
        Assert.Equal(_provider.Issuer + "/token (from the metadata of " + _provider.Issuer + ")", TestSupport.Evidence(result, "Token endpoint"));
        Assert.Equal("mcp:tools", TestSupport.Evidence(result, "Limited scopes"));
        Assert.Equal(new[] { "admin_reset", "whoami" }, TestSupport.Evidence(result, "Tools").Split(", ").OrderBy(t => t, StringComparer.Ordinal));
        Assert.Equal("the limited client holds mcp:tools; not called", TestSupport.Evidence(result, "tool whoami"));
        string refusal = TestSupport.Evidence(result, "tool admin_reset");
        Assert.Contains("403", refusal);
        Assert.EndsWith("; challenge error=insufficient_scope, scope=mcp:tools mcp:admin", refusal);
    }

    private AuditConfiguration ScopeConfiguration()
    {
        var configuration = new AuditConfiguration
        {
            McpServerUrl = _server.McpUrl,
            EnvironmentUrl = "https://localhost:" + _provider.Port,
            AllowStateChange = true,
        };
        configuration.Network.TrustedCaPath = _server.CaPath;
        configuration.Network.MaxRequestsPerSecond = 0;
        McpSettings mcp = configuration.Mcp;
        mcp.ClientId = OidcProviderPeer.M2mClientId;
        mcp.ClientSecret = OidcProviderPeer.M2mClientSecret;
        mcp.LimitedClientId = OidcProviderPeer.LimitedClientId;
        mcp.LimitedClientSecret = OidcProviderPeer.LimitedClientSecret;
        mcp.ToolScopes["whoami"] = new List<string> { "mcp:tools" };
        mcp.ToolScopes["admin_reset"] = new List<string> { "mcp:admin" };
        // admin_reset changes nothing in the reference server (Tools.cs), so it is safe to call.
        mcp.SafeToInvoke["whoami"] = "{}";
        mcp.SafeToInvoke["admin_reset"] = "{}";
        return configuration;
    }

    private async Task<string> SessionAsync(string token)
    {
        ProbeResponse initialize = await SdkExamplePeerTests.InitializeAsync(_server.McpUrl, token, _server.CaPath);
        Assert.Equal(200, initialize.StatusCode);
        return initialize.Header("Mcp-Session-Id")!;
    }

    private async Task<ProbeResponse> McpPostAsync(string token, string session, string body)
    {
        using ProbeClient probe = PeerHttp.Probe(_server.CaPath, _server.McpUrl);
        var request = new ProbeRequest(System.Net.Http.HttpMethod.Post, new Uri(_server.McpUrl))
        {
            Body = body,
            ContentType = "application/json",
            CarriesCredential = true,
        };
        request.WithHeader("Accept", "application/json, text/event-stream")
            .WithHeader("Authorization", "Bearer " + token)
            .WithHeader("Mcp-Session-Id", session)
            .WithHeader("MCP-Protocol-Version", ScalekitReadiness.Mcp.McpClient.SessionEraProtocolVersion);
        return await probe.SendAsync(request, CancellationToken.None);
    }
}
