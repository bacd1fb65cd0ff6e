using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.ReferenceMcpServer;

/// <summary>
/// Per-request scope enforcement in front of the MCP endpoint, answered at the HTTP level as MCP's step-up
/// authorization expects: an authenticated request whose token lacks <c>mcp:tools</c>, or a <c>tools/call</c> of
/// <c>admin_reset</c> without <c>mcp:admin</c>, gets 403 with <c>WWW-Authenticate: Bearer error="insufficient_scope"</c>.
/// </summary>
internal sealed class ScopeGate : IMiddleware
{
    public const string ToolsScope = "mcp:tools";
    public const string AdminScope = "mcp:admin";

    private readonly ServerUrls _urls;

    public ScopeGate(ServerUrls urls) => _urls = urls;

    /// <summary>The scopes of the token: oidc-provider's space-separated <c>scope</c> claim.</summary>
    public static HashSet<string> ScopesOf(ClaimsPrincipal? user) =>
        (user?.FindAll("scope") ?? []).SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.Equals(ServerUrls.McpPath, StringComparison.Ordinal) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        HashSet<string> scopes = ScopesOf(context.User);
        if (!scopes.Contains(ToolsScope))
        {
            await RefuseAsync(context, ToolsScope);
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && !scopes.Contains(AdminScope) && await CallsAsync(context.Request, Tools.AdminReset))
        {
            await RefuseAsync(context, ToolsScope + " " + AdminScope);
            return;
        }

        await next(context);
    }

    /// <summary>Whether the JSON-RPC body is a <c>tools/call</c> of <paramref name="tool"/>; the body stays readable for the SDK.</summary>
    private static async Task<bool> CallsAsync(HttpRequest request, string tool)
    {
        request.EnableBuffering();
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
            JsonElement root = body.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("method", out JsonElement method) && method.ValueEquals("tools/call")
                && root.TryGetProperty("params", out JsonElement parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("name", out JsonElement name) && name.ValueEquals(tool);
        }
        catch (JsonException)
        {
            return false; // The SDK answers malformed JSON itself.
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    private Task RefuseAsync(HttpContext context, string scope)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.WWWAuthenticate =
            $"Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\", scope=\"{scope}\", resource_metadata=\"{_urls.ResourceMetadataUrl}\"";
        return context.Response.WriteAsJsonAsync(new { error = "insufficient_scope", error_description = "The access token lacks a required scope", scope });
    }
}
