using System;

namespace ScalekitReadiness.ReferenceMcpServer;

/// <summary>The server's public URLs, known once Kestrel has bound its port (port 0 = any free port).</summary>
internal sealed class ServerUrls
{
    public const string McpPath = "/mcp";
    public const string RootMetadataPath = "/.well-known/oauth-protected-resource";
    public const string PathAwareMetadataPath = RootMetadataPath + McpPath;

    private string? _origin;

    /// <summary>https://localhost:&lt;port&gt; (the certificate is for localhost and 127.0.0.1).</summary>
    public string Origin => _origin ?? throw new InvalidOperationException("The server has not bound its port yet.");

    /// <summary>The MCP endpoint, which is also the resource identifier and the only accepted audience.</summary>
    public string McpUrl => Origin + McpPath;

    /// <summary>The path-aware protected resource metadata URL (RFC 9728 §3.1), named in every challenge.</summary>
    public string ResourceMetadataUrl => Origin + PathAwareMetadataPath;

    public void Bind(bool https, int port) => _origin = $"{(https ? "https" : "http")}://localhost:{port}";
}
