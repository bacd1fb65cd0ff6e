using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>A token the SDK example's own authorization server issued (or refused: <see cref="TokenStatus"/> is not 200).</summary>
internal sealed record SdkExampleToken(string ClientId, int TokenStatus, string? AccessToken, JsonElement TokenResponse);

/// <summary>
/// The official MCP TypeScript SDK 1.32.2 OAuth example (simpleStreamableHttp.js --oauth, or --oauth-strict) started for a
/// test on loopback (tests/peers/start-sdk-example.mjs). Plain http: its URLs are hard-coded http://localhost.
/// </summary>
internal sealed class SdkExamplePeer : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private SdkExamplePeer(PeerProcess process)
    {
        _process = process;
        McpUrl = process.Ready.GetProperty("McpUrl").GetString()!;
        AuthorizationServerUrl = process.Ready.GetProperty("AuthorizationServerUrl").GetString()!;
    }

    /// <summary>The MCP endpoint, http://localhost:&lt;port&gt;/mcp.</summary>
    public string McpUrl { get; }

    /// <summary>Its authorization server (issuer with a trailing slash), http://localhost:&lt;port&gt;/.</summary>
    public string AuthorizationServerUrl { get; }

    public static async Task<SdkExamplePeer> StartAsync(bool strict = false)
    {
        var arguments = new List<string> { Path.Combine(PeerProcess.PeersPath, "start-sdk-example.mjs"), "--ignore-stdin" };
        if (strict)
        {
            arguments.Add("--strict");
        }

        return new SdkExamplePeer(await PeerProcess.StartAsync("node", arguments, PeerProcess.PeersPath));
    }

    /// <summary>
    /// Registers a public client, authorizes it with PKCE and redeems the code (tests/peers/sdk-example-token.mjs).
    /// <paramref name="resource"/> defaults to <see cref="McpUrl"/>; pass an empty string to send none.
    /// </summary>
    public async Task<SdkExampleToken> GetTokenAsync(string? resource = null, string scope = "mcp:tools")
    {
        var arguments = new List<string>
        {
            Path.Combine(PeerProcess.PeersPath, "sdk-example-token.mjs"), "--auth-server", AuthorizationServerUrl, "--scope", scope,
        };
        resource ??= McpUrl;
        if (resource.Length > 0)
        {
            arguments.AddRange(["--resource", resource]);
        }

        JsonElement root = JsonDocument.Parse(await PeerProcess.RunAsync("node", arguments, PeerProcess.PeersPath)).RootElement.Clone();
        JsonElement token = root.GetProperty("tokenResponse");
        return new SdkExampleToken(
            root.GetProperty("clientId").GetString()!,
            root.GetProperty("tokenStatus").GetInt32(),
            token.TryGetProperty("access_token", out JsonElement access) ? access.GetString() : null,
            token);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
