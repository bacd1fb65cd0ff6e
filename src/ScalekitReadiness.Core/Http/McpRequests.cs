using System;
using System.Net.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Http;

/// <summary>Single JSON-RPC requests for checks that only need the server's first answer (see <see cref="McpClient"/> for conversations).</summary>
internal static class McpRequests
{
    /// <summary>The newest protocol revision of the session era, offered in initialize.</summary>
    public const string SessionEraProtocolVersion = McpClient.SessionEraProtocolVersion;

    /// <summary>An <c>initialize</c> request without credentials.</summary>
    public static ProbeRequest Initialize(Uri server)
    {
        var message = new JObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "initialize", ["params"] = McpClient.InitializeParameters() };
        var request = new ProbeRequest(HttpMethod.Post, server)
        {
            ContentType = "application/json",
            Body = message.ToString(Formatting.None),
            BodyComplete = (mediaType, body) => McpMessageReader.HoldsResponse(mediaType, body, 1),
        };
        return request.WithHeader("Accept", McpClient.AcceptBoth);
    }
}
