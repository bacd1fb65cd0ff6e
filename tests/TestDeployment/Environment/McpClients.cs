using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace ScalekitReadiness.TestDeployment;

/// <summary>An MCP client registered with the environment for the deployment's MCP server (resource).</summary>
internal sealed class McpClient
{
    public McpClient(string clientId, string[] scopes)
    {
        ClientId = clientId;
        Scopes = scopes;
    }

    public string ClientId { get; }

    /// <summary>A fresh secret per deployment (a test fixture's own).</summary>
    public string ClientSecret { get; } = "test_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>The scopes this client may be granted (all of them when it asks for none).</summary>
    public IReadOnlyList<string> Scopes { get; }
}

/// <summary>
/// The MCP clients of the environment, as pre-registered in the Scalekit dashboard (MCP Servers › Clients): a
/// full client with every scope and a limited one with todo:read only. Both use client_credentials and may run
/// the authorization-code flow from a loopback redirect (any port, path /callback, RFC 8252 §7.3).
/// </summary>
internal sealed class McpClients
{
    public const string ReadScope = "todo:read";
    public const string WriteScope = "todo:write";

    /// <summary>The registered redirect path on a loopback host (http://127.0.0.1:&lt;any port&gt;/callback).</summary>
    public const string LoopbackCallbackPath = "/callback";

    public McpClient Full { get; } = new("m2m_71023566123456789", [ReadScope, WriteScope]);

    public McpClient Limited { get; } = new("m2m_71023566987654321", [ReadScope]);

    public McpClient? Find(string? clientId) =>
        string.Equals(clientId, Full.ClientId, StringComparison.Ordinal) ? Full
        : string.Equals(clientId, Limited.ClientId, StringComparison.Ordinal) ? Limited
        : null;

    /// <summary>Whether <paramref name="redirectUri"/> is registered for the MCP clients: a loopback IP literal, any port, /callback.</summary>
    public static bool IsRegisteredRedirect(string? redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out Uri? uri)
        && uri.Scheme == Uri.UriSchemeHttp
        && (uri.Host == "127.0.0.1" || uri.Host == "[::1]" || uri.Host == "localhost")
        && uri.AbsolutePath == LoopbackCallbackPath
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}
