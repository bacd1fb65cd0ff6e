using System;
using System.Buffers.Text;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The MCP endpoint (Streamable HTTP): authentication first (Bearer JWTs from the environment, RFC 9728 challenges),
/// then JSON-RPC in one protocol era: the session era (2025-03-26 … 2025-11-25: initialize, Mcp-Session-Id, DELETE)
/// or, under <see cref="Faults.McpModernEra"/>, 2026-07-28 (server/discover, Mcp-Method/Mcp-Name, no sessions).
/// Answers are plain JSON or an SSE stream.
/// </summary>
internal static class McpServer
{
    public const string ModernVersion = "2026-07-28";
    public static readonly string[] SessionEraVersions = ["2025-11-25", "2025-06-18", "2025-03-26"];

    private const string ProtocolVersionMetaKey = "io.modelcontextprotocol/protocolVersion";
    private const int MaxBodyBytes = 1024 * 1024;
    private const string ServerName = "scalekit-readiness-test-mcp";

    public static async Task HandleAsync(HttpContext context, DeploymentState state)
    {
        HttpRequest request = context.Request;
        bool modern = state.Has(Faults.McpModernEra);
        string? sessionId = request.Headers["Mcp-Session-Id"].FirstOrDefault();

        // Authentication comes before anything else the endpoint does.
        var caller = new Caller(null, []);
        if (!state.Has(Faults.McpOpen))
        {
            TokenValidation validation = await McpTokenValidator.ValidateAsync(McpTokenValidator.ReadToken(request, state), state);
            state.Mcp.RecordAuthentication(validation.Outcome.ToString());
            McpSession? tokenlessSession = null;
            if (validation.Outcome == TokenOutcome.Missing && state.Has(Faults.McpSessionWithoutToken) && !modern && sessionId is not null)
            {
                state.Mcp.Sessions.TryGetValue(sessionId, out tokenlessSession);
            }

            if (tokenlessSession is not null)
            {
                // The bug: whoever holds the session id is treated as the client that opened it.
                caller = new Caller(tokenlessSession.ClientId, tokenlessSession.Scopes);
            }
            else if (validation.Outcome != TokenOutcome.Valid)
            {
                if (HttpMethods.IsGet(request.Method) && validation.Outcome == TokenOutcome.Missing && state.Has(Faults.McpGetOpen))
                {
                    await WriteEmptyStreamAsync(context);
                    return;
                }

                await RefuseAsync(context, state, validation, modern ? null : sessionId);
                return;
            }
            else
            {
                caller = new Caller(validation.ClientId, validation.Scopes);
            }
        }

        if (HttpMethods.IsGet(request.Method))
        {
            // No standalone server-to-client stream is offered (allowed in the session era, required in the modern one).
            if (modern && state.Has(Faults.McpModernGetAllowed))
            {
                await WriteEmptyStreamAsync(context);
                return;
            }

            context.Response.Headers.Allow = "POST" + (modern ? string.Empty : ", DELETE");
            await Respond.TextAsync(context, StatusCodes.Status405MethodNotAllowed, "method not allowed");
            return;
        }

        if (HttpMethods.IsDelete(request.Method))
        {
            await DeleteAsync(context, state, modern, sessionId, caller);
            return;
        }

        JsonObject? message = await ReadMessageAsync(request);
        if (message is null || message["jsonrpc"]?.ToString() != "2.0" || message["method"] is not JsonValue methodValue
            || methodValue.GetValueKind() != JsonValueKind.String)
        {
            await WriteJsonRpcErrorAsync(context, StatusCodes.Status400BadRequest, null, -32600, "Invalid Request: a single JSON-RPC 2.0 message is expected");
            return;
        }

        string method = methodValue.GetValue<string>();
        JsonNode? id = message["id"]?.DeepClone();
        JsonObject? parameters = message["params"] as JsonObject;
        var call = new Call(context, state, method, id, parameters, caller);
        if (modern)
        {
            await HandleModernAsync(call);
        }
        else
        {
            await HandleSessionEraAsync(call, sessionId);
        }
    }

    private static async Task HandleModernAsync(Call call)
    {
        HttpRequest request = call.Context.Request;
        if (call.State.Has(Faults.McpModernMintsSession))
        {
            call.Context.Response.Headers["Mcp-Session-Id"] = NewSessionId(call.State);
        }

        string? headerVersion = request.Headers["MCP-Protocol-Version"].FirstOrDefault();
        if (headerVersion is null)
        {
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status400BadRequest, call.Id, -32020, "Header mismatch: MCP-Protocol-Version is required");
            return;
        }

        if (headerVersion != ModernVersion)
        {
            var data = new JsonObject { ["supported"] = new JsonArray(ModernVersion), ["requested"] = headerVersion };
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status400BadRequest, call.Id, -32022, "Unsupported protocol version", data);
            return;
        }

        string? metaVersion = (call.Parameters?["_meta"] as JsonObject)?[ProtocolVersionMetaKey]?.ToString();
        if (metaVersion != headerVersion)
        {
            await WriteJsonRpcErrorAsync(
                call.Context, StatusCodes.Status400BadRequest, call.Id, -32020, "Header mismatch: MCP-Protocol-Version does not match _meta " + ProtocolVersionMetaKey);
            return;
        }

        string? headerMethod = request.Headers["Mcp-Method"].FirstOrDefault();
        if (headerMethod != call.Method)
        {
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status400BadRequest, call.Id, -32020, "Header mismatch: Mcp-Method does not match the body's method");
            return;
        }

        if (call.Method is "tools/call" or "resources/read" or "prompts/get")
        {
            string? bodyName = call.Parameters?[call.Method == "resources/read" ? "uri" : "name"]?.ToString();
            if (DecodeHeaderValue(request.Headers["Mcp-Name"].FirstOrDefault()) is not string headerName || headerName != bodyName)
            {
                await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status400BadRequest, call.Id, -32020, "Header mismatch: Mcp-Name does not match the body's name");
                return;
            }
        }

        if (call.Id is null)
        {
            call.Context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        switch (call.Method)
        {
            case "server/discover":
                await WriteResultAsync(call, new JsonObject
                {
                    ["supportedVersions"] = new JsonArray(ModernVersion),
                    ["capabilities"] = Capabilities(),
                    ["serverInfo"] = ServerInfo(),
                    ["instructions"] = "A to-do list. Sign in with Scalekit; todo:read to look, todo:write to change.",
                });
                return;
            case "initialize":
                // Reached only with modern headers and _meta: initialize does not exist in this revision.
                await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status404NotFound, call.Id, -32601, "Method not found: initialize (this server speaks " + ModernVersion + " only)");
                return;
            default:
                await DispatchAsync(call, methodNotFoundStatus: StatusCodes.Status404NotFound);
                return;
        }
    }

    private static async Task HandleSessionEraAsync(Call call, string? sessionId)
    {
        HttpRequest request = call.Context.Request;
        string? headerVersion = request.Headers["MCP-Protocol-Version"].FirstOrDefault();
        if (headerVersion is not null && !SessionEraVersions.Contains(headerVersion, StringComparer.Ordinal))
        {
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status400BadRequest, call.Id, -32000, "Bad Request: Unsupported protocol version " + headerVersion);
            return;
        }

        if (call.Method == "initialize")
        {
            string requested = call.Parameters?["protocolVersion"]?.ToString() ?? string.Empty;
            string negotiated = SessionEraVersions.Contains(requested, StringComparer.Ordinal) ? requested : SessionEraVersions[0];
            string newId = NewSessionId(call.State);
            call.State.Mcp.Sessions[newId] = new McpSession(call.Caller.ClientId, call.Caller.Scopes, negotiated);
            call.Context.Response.Headers["Mcp-Session-Id"] = newId;
            await WriteResultAsync(call, new JsonObject
            {
                ["protocolVersion"] = negotiated,
                ["capabilities"] = Capabilities(),
                ["serverInfo"] = ServerInfo(),
            });
            return;
        }

        if (sessionId is null)
        {
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status400BadRequest, call.Id, -32000, "Bad Request: No valid session ID provided");
            return;
        }

        if (!call.State.Mcp.Sessions.TryGetValue(sessionId, out McpSession? session))
        {
            if (!call.State.Has(Faults.McpSessionMadeUpAccepted))
            {
                await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status404NotFound, call.Id, -32001, "Session not found");
                return;
            }
        }
        else if (!string.Equals(session.ClientId, call.Caller.ClientId, StringComparison.Ordinal))
        {
            // Sessions are bound to the client that opened them: another client's token does not reach them.
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status404NotFound, call.Id, -32001, "Session not found");
            return;
        }
        else if (session.SawExpiredToken && call.State.Has(Faults.McpSessionStuckAfterExpiry))
        {
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status400BadRequest, call.Id, -32000, "Bad Request: Session is in an invalid state");
            return;
        }

        if (call.Id is null)
        {
            // notifications/initialized and friends.
            call.Context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        await DispatchAsync(call, methodNotFoundStatus: StatusCodes.Status200OK);
    }

    /// <summary>The methods both eras share.</summary>
    private static async Task DispatchAsync(Call call, int methodNotFoundStatus)
    {
        switch (call.Method)
        {
            case "ping":
                await WriteResultAsync(call, new JsonObject());
                return;
            case "tools/list":
                await WriteResultAsync(call, new JsonObject
                {
                    ["tools"] = new JsonArray(McpCatalog.Tools(call.State).Select(tool => (JsonNode?)McpCatalog.ToolDescriptor(tool)).ToArray()),
                });
                return;
            case "resources/list":
                await WriteResultAsync(call, new JsonObject
                {
                    ["resources"] = new JsonArray(McpCatalog.Resources().Select(resource => (JsonNode?)McpCatalog.ResourceDescriptor(resource)).ToArray()),
                });
                return;
            case "tools/call":
                await CallToolAsync(call);
                return;
            case "resources/read":
                await ReadResourceAsync(call);
                return;
            default:
                await WriteJsonRpcErrorAsync(call.Context, methodNotFoundStatus, call.Id, -32601, "Method not found: " + call.Method);
                return;
        }
    }

    private static async Task CallToolAsync(Call call)
    {
        string name = call.Parameters?["name"]?.ToString() ?? string.Empty;
        McpOperation? tool = McpCatalog.Tools(call.State).FirstOrDefault(candidate => candidate.Name == name);
        if (tool is null)
        {
            call.State.Mcp.Record(new McpCall(DateTimeOffset.UtcNow, call.Method, name, call.Caller.ClientId, executed: false));
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status200OK, call.Id, -32602, "Unknown tool: " + name);
            return;
        }

        if (await RefuseForScopeAsync(call, tool, call.State.Has(Faults.McpToolRunsWithoutScope)))
        {
            return;
        }

        call.State.Mcp.Record(new McpCall(DateTimeOffset.UtcNow, call.Method, name, call.Caller.ClientId, executed: true));
        await WriteResultAsync(call, call.State.Mcp.Catalog.Run(name, call.Parameters?["arguments"] as JsonObject));
    }

    private static async Task ReadResourceAsync(Call call)
    {
        string uri = call.Parameters?["uri"]?.ToString() ?? string.Empty;
        McpOperation? resource = McpCatalog.Resources().FirstOrDefault(candidate => candidate.Name == uri);
        if (resource is null)
        {
            call.State.Mcp.Record(new McpCall(DateTimeOffset.UtcNow, call.Method, uri, call.Caller.ClientId, executed: false));
            await WriteJsonRpcErrorAsync(call.Context, StatusCodes.Status200OK, call.Id, -32002, "Resource not found: " + uri);
            return;
        }

        if (await RefuseForScopeAsync(call, resource, call.State.Has(Faults.McpResourceReadWithoutScope)))
        {
            return;
        }

        call.State.Mcp.Record(new McpCall(DateTimeOffset.UtcNow, call.Method, uri, call.Caller.ClientId, executed: true));
        await WriteResultAsync(call, call.State.Mcp.Catalog.Read(uri));
    }

    /// <summary>Refuses (and records) an operation the caller's token lacks a scope for; false when it may run.</summary>
    private static async Task<bool> RefuseForScopeAsync(Call call, McpOperation operation, bool skipScopeCheck)
    {
        // An open server has no token to take scopes from: it runs everything (that is its fault).
        if (skipScopeCheck || call.State.Has(Faults.McpOpen)
            || McpCatalog.MissingScopes(operation, call.Caller.Scopes) is not string required)
        {
            return false;
        }

        call.State.Mcp.Record(new McpCall(DateTimeOffset.UtcNow, call.Method, operation.Name, call.Caller.ClientId, executed: false));
        HttpContext context = call.Context;
        const string Description = "The access token lacks the scope this operation needs";
        var body = new JsonObject { ["error"] = "insufficient_scope", ["error_description"] = Description, ["scope"] = required };
        if (call.State.Has(Faults.McpInsufficientScope401))
        {
            // Scalekit's demo: 401 with the plain challenge; a client re-authorizes with the same scopes, and loops.
            context.Response.Headers.WWWAuthenticate = McpChallenge.Unauthorized(call.State, null, null);
            await Respond.JsonAsync(context, StatusCodes.Status401Unauthorized, body);
        }
        else
        {
            if (!call.State.Has(Faults.McpInsufficientScopeNoChallenge))
            {
                context.Response.Headers.WWWAuthenticate = McpChallenge.InsufficientScope(call.State, required);
            }

            await Respond.JsonAsync(context, StatusCodes.Status403Forbidden, body);
        }

        return true;
    }

    private static async Task DeleteAsync(HttpContext context, DeploymentState state, bool modern, string? sessionId, Caller caller)
    {
        if (modern)
        {
            context.Response.Headers.Allow = "POST";
            await Respond.TextAsync(context, StatusCodes.Status405MethodNotAllowed, "method not allowed");
            return;
        }

        if (sessionId is null)
        {
            await WriteJsonRpcErrorAsync(context, StatusCodes.Status400BadRequest, null, -32000, "Bad Request: No valid session ID provided");
            return;
        }

        if (!state.Mcp.Sessions.TryGetValue(sessionId, out McpSession? session) || !string.Equals(session.ClientId, caller.ClientId, StringComparison.Ordinal))
        {
            await WriteJsonRpcErrorAsync(context, StatusCodes.Status404NotFound, null, -32001, "Session not found");
            return;
        }

        if (!state.Has(Faults.McpSessionDeleteIgnored))
        {
            state.Mcp.Sessions.TryRemove(sessionId, out _);
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The answer to a request without a valid token (and the SK-MCP-080 faults for an expired one).</summary>
    private static Task RefuseAsync(HttpContext context, DeploymentState state, TokenValidation validation, string? sessionId)
    {
        if (validation.Outcome == TokenOutcome.Expired)
        {
            if (sessionId is not null && state.Mcp.Sessions.TryGetValue(sessionId, out McpSession? session))
            {
                session.SawExpiredToken = true;
            }

            if (state.Has(Faults.McpExpired500))
            {
                return Respond.JsonAsync(context, StatusCodes.Status500InternalServerError, new JsonObject { ["error"] = "server_error", ["error_description"] = "Internal Server Error" });
            }

            if (state.Has(Faults.McpExpiredJsonRpcError))
            {
                return WriteJsonRpcErrorAsync(context, StatusCodes.Status200OK, null, -32001, "Authentication failed: token expired");
            }
        }

        bool hasToken = validation.Outcome != TokenOutcome.Missing;
        if (!state.Has(Faults.McpChallengeMissing))
        {
            context.Response.Headers.WWWAuthenticate = McpChallenge.Unauthorized(state, hasToken ? "invalid_token" : null, hasToken ? validation.Description : null);
        }

        var body = new JsonObject
        {
            ["error"] = "invalid_token",
            ["error_description"] = validation.Description,
        };
        return Respond.JsonAsync(context, StatusCodes.Status401Unauthorized, body);
    }

    private static string NewSessionId(DeploymentState state) =>
        state.Has(Faults.McpSessionPredictable)
            ? "sess-" + state.Mcp.NextSequence().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static JsonObject Capabilities() => new()
    {
        ["tools"] = new JsonObject { ["listChanged"] = false },
        ["resources"] = new JsonObject { ["listChanged"] = false },
    };

    private static JsonObject ServerInfo() => new()
    {
        ["name"] = ServerName,
        ["title"] = ProtectedResourceMetadata.ResourceName,
        ["version"] = "1.0.0",
    };

    /// <summary>Decodes the =?base64?…?= sentinel form of Mcp-Name; plain values pass through.</summary>
    private static string? DecodeHeaderValue(string? value)
    {
        const string Prefix = "=?base64?";
        const string Suffix = "?=";
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal) || !value.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return value;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value[Prefix.Length..^Suffix.Length]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static async Task<JsonObject?> ReadMessageAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray()) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteResultAsync(Call call, JsonObject result)
    {
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = call.Id?.DeepClone(), ["result"] = result };
        bool stream = (call.State.Has(Faults.McpSseAlways) || call.Method == "tools/call") && AcceptsEventStream(call.Context.Request);
        return stream ? WriteEventAsync(call.Context, response) : Respond.JsonAsync(call.Context, StatusCodes.Status200OK, response);
    }

    private static Task WriteJsonRpcErrorAsync(HttpContext context, int status, JsonNode? id, int code, string message, JsonObject? data = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null)
        {
            error["data"] = data;
        }

        return Respond.JsonAsync(context, status, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["error"] = error });
    }

    /// <summary>One SSE event carrying the response, then the stream ends (the response terminates it).</summary>
    private static Task WriteEventAsync(HttpContext context, JsonObject response)
    {
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return Respond.BodyAsync(context, StatusCodes.Status200OK, "text/event-stream", "event: message\ndata: " + response.ToJsonString() + "\n\n");
    }

    private static Task WriteEmptyStreamAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return Respond.BodyAsync(context, StatusCodes.Status200OK, "text/event-stream", ": no events\n\n");
    }

    private static bool AcceptsEventStream(HttpRequest request) =>
        request.Headers.Accept.Any(value => value is not null && value.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase));

    /// <summary>Who is calling: the token's client and scopes (no client on an open server).</summary>
    private sealed record Caller(string? ClientId, System.Collections.Generic.IReadOnlyCollection<string> Scopes);

    private sealed record Call(HttpContext Context, DeploymentState State, string Method, JsonNode? Id, JsonObject? Parameters, Caller Caller);
}
