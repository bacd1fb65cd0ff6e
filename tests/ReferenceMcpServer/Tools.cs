using System.ComponentModel;
using System.Linq;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Server;

namespace ScalekitReadiness.ReferenceMcpServer;

/// <summary>The tools; their scopes are enforced before the call reaches them (<see cref="ScopeGate"/>).</summary>
[McpServerToolType]
internal static class Tools
{
    public const string WhoAmI = "whoami";
    public const string AdminReset = "admin_reset";

    [McpServerTool(Name = WhoAmI, ReadOnly = true, Idempotent = true), Description("Returns who the access token was issued to (needs mcp:tools).")]
    public static string WhoAmITool(IHttpContextAccessor accessor)
    {
        ClaimsPrincipal? user = accessor.HttpContext?.User;
        return new JsonObject
        {
            ["sub"] = user?.FindFirst("sub")?.Value,
            ["client_id"] = user?.FindFirst("client_id")?.Value,
            ["scope"] = string.Join(' ', ScopeGate.ScopesOf(user).Order()),
        }.ToJsonString();
    }

    [McpServerTool(Name = AdminReset, Destructive = false, Idempotent = true), Description("Pretends to reset the demo state (needs mcp:admin); changes nothing.")]
    public static string AdminResetTool() => "reset done (nothing to reset in the reference server)";
}

/// <summary>The one resource (needs mcp:tools, like every MCP request).</summary>
[McpServerResourceType]
internal static class Resources
{
    public const string AboutUri = "reference://about";

    [McpServerResource(UriTemplate = AboutUri, Name = "about", MimeType = "text/plain"), Description("What this server is.")]
    public static string About() =>
        "ScalekitReadiness reference MCP server: the official C# MCP SDK over Streamable HTTP, accepting only RS256 at+jwt access tokens for its own URL.";
}
