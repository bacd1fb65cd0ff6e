using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>Raw Streamable HTTP requests to the test deployment's MCP server and its environment, for the server's own tests.</summary>
internal sealed class McpTestClient : IDisposable
{
    public const string SessionEraVersion = "2025-11-25";
    public const string ModernVersion = "2026-07-28";

    private readonly Deployment _deployment;

    public McpTestClient(Deployment deployment)
    {
        _deployment = deployment;
        Probe = TestSupport.Probe(deployment);
    }

    public ProbeClient Probe { get; }

    public void Dispose() => Probe.Dispose();

    /// <summary>client_credentials at the environment (or resource) token endpoint; the raw response.</summary>
    public Task<ProbeResponse> RequestTokenAsync(bool limited = false, string? resource = null, string? scope = null, string? tokenUrl = null)
    {
        string clientId = limited ? _deployment.LimitedMcpClientId : _deployment.McpClientId;
        string secret = limited ? _deployment.LimitedMcpClientSecret : _deployment.McpClientSecret;
        string body = "grant_type=client_credentials&client_id=" + Uri.EscapeDataString(clientId) + "&client_secret=" + Uri.EscapeDataString(secret)
            + (resource is null ? string.Empty : "&resource=" + Uri.EscapeDataString(resource))
            + (scope is null ? string.Empty : "&scope=" + Uri.EscapeDataString(scope));
        var request = new ProbeRequest(HttpMethod.Post, new Uri(tokenUrl ?? _deployment.EnvironmentUrlString + "/oauth/token"))
        {
            ContentType = "application/x-www-form-urlencoded",
            Body = body,
        };
        return Probe.SendAsync(request, CancellationToken.None);
    }

    /// <summary>A token for the MCP server (resource = its URL).</summary>
    public async Task<string> TokenAsync(bool limited = false, string? resource = null, string? scope = null)
    {
        ProbeResponse response = await RequestTokenAsync(limited, resource ?? _deployment.McpUrl, scope);
        Assert.Equal(200, response.StatusCode);
        return JsonNode.Parse(response.BodyText)!["access_token"]!.GetValue<string>();
    }

    /// <summary>A JSON-RPC request (a notification when <paramref name="id"/> is null) with the era's headers.</summary>
    public ProbeRequest Rpc(string method, JsonObject? parameters = null, int? id = 1, string? token = null, string? sessionId = null, bool modern = false, string? url = null)
    {
        parameters ??= new JsonObject();
        if (modern)
        {
            parameters["_meta"] = new JsonObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = ModernVersion,
                ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "tests", ["version"] = "1.0.0" },
                ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
            };
        }

        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };
        if (id is int value)
        {
            message["id"] = value;
        }

        var request = new ProbeRequest(HttpMethod.Post, new Uri(url ?? _deployment.McpUrl)) { ContentType = "application/json", Body = message.ToJsonString() };
        request.WithHeader("Accept", "application/json, text/event-stream");
        if (modern)
        {
            request.WithHeader("MCP-Protocol-Version", ModernVersion).WithHeader("Mcp-Method", method);
            string? name = parameters["name"]?.ToString() ?? parameters["uri"]?.ToString();
            if (name is not null)
            {
                request.WithHeader("Mcp-Name", name);
            }
        }
        else if (method != "initialize")
        {
            request.WithHeader("MCP-Protocol-Version", SessionEraVersion);
        }

        return Authorize(request, token, sessionId);
    }

    public ProbeRequest Initialize(string? token) =>
        Rpc("initialize", new JsonObject
        {
            ["protocolVersion"] = SessionEraVersion,
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "tests", ["version"] = "1.0.0" },
        }, token: token);

    public static JsonObject ToolCall(string name, JsonObject? arguments = null) =>
        new() { ["name"] = name, ["arguments"] = arguments ?? new JsonObject() };

    public ProbeRequest Delete(string? token, string? sessionId) =>
        Authorize(new ProbeRequest(HttpMethod.Delete, new Uri(_deployment.McpUrl)), token, sessionId);

    public Task<ProbeResponse> SendAsync(ProbeRequest request) => Probe.SendAsync(request, CancellationToken.None);

    /// <summary>initialize + notifications/initialized with a token; the session id.</summary>
    public async Task<string> OpenSessionAsync(string token)
    {
        ProbeResponse response = await SendAsync(Initialize(token));
        Assert.Equal(200, response.StatusCode);
        string sessionId = response.Header("Mcp-Session-Id") ?? throw new InvalidOperationException("no session id");
        Assert.Equal(202, (await SendAsync(Rpc("notifications/initialized", id: null, token: token, sessionId: sessionId))).StatusCode);
        return sessionId;
    }

    /// <summary>The JSON-RPC message of a plain JSON or SSE answer (the last data event).</summary>
    public static JsonObject Message(ProbeResponse response)
    {
        if (response.MediaType == "text/event-stream")
        {
            string data = response.BodyText.Split('\n').Last(line => line.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
            return (JsonObject)JsonNode.Parse(data)!;
        }

        return (JsonObject)JsonNode.Parse(response.BodyText)!;
    }

    private static ProbeRequest Authorize(ProbeRequest request, string? token, string? sessionId)
    {
        if (token is not null)
        {
            request.WithHeader("Authorization", "Bearer " + token);
        }

        if (sessionId is not null)
        {
            request.WithHeader("Mcp-Session-Id", sessionId);
        }

        return request;
    }
}
