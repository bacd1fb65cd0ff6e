using System;
using System.Net.Http;

namespace ScalekitReadiness.Http;

/// <summary>The JSON-RPC requests the auditor sends to MCP servers (Streamable HTTP).</summary>
internal static class McpRequests
{
    /// <summary>The newest protocol revision of the session era, offered in initialize.</summary>
    public const string SessionEraProtocolVersion = "2025-11-25";

    /// <summary>An <c>initialize</c> request without credentials.</summary>
    public static ProbeRequest Initialize(Uri server)
    {
        string version = typeof(McpRequests).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var request = new ProbeRequest(HttpMethod.Post, server)
        {
            ContentType = "application/json",
            Body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + SessionEraProtocolVersion + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"ScalekitReadiness\",\"version\":\"" + version + "\"}}}",
        };
        return request.WithHeader("Accept", "application/json, text/event-stream");
    }
}
