using System;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The MCP server on the app listener: the protected /mcp endpoint with its Bearer challenge and CORS,
/// and the protected resource metadata at its well-known URLs.
/// </summary>
internal static class McpEndpoints
{
    public const string Scopes = "todo:read todo:write";

    private const string AllowedMethods = "GET, POST, DELETE, OPTIONS";
    private const string AllowedHeaders = "Authorization, Content-Type, Mcp-Protocol-Version, Mcp-Session-Id";
    private const string ExposedHeaders = "WWW-Authenticate, Mcp-Session-Id";
    private const string ExposedHeadersWithoutChallenge = "Mcp-Session-Id";

    public static void Map(RouteTable routes, DeploymentState state)
    {
        routes.Map(
            "/mcp",
            context => HandleMcpAsync(context, state),
            HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete, HttpMethods.Options);

        if (ProtectedResourceMetadata.IsServedAtPathAwareUrl(state))
        {
            routes.Map(ProtectedResourceMetadata.PathAwarePath, context => ProtectedResourceMetadata.WriteAsync(context, state), HttpMethods.Get);
        }

        if (ProtectedResourceMetadata.IsServedAtRootUrl(state))
        {
            routes.Map(ProtectedResourceMetadata.RootPath, context => ProtectedResourceMetadata.WriteAsync(context, state), HttpMethods.Get);
        }

        // The PRM's resource_documentation link resolves.
        routes.Map(
            "/docs",
            context => Respond.BodyAsync(
                context,
                StatusCodes.Status200OK,
                "text/html; charset=utf-8",
                "<!doctype html><title>ScalekitReadiness test MCP server</title><p>A test MCP server.</p>"),
            HttpMethods.Get);
    }

    private static Task HandleMcpAsync(HttpContext context, DeploymentState state)
    {
        ApplyCors(context, state);

        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.Headers.AccessControlAllowMethods = AllowedMethods;
            context.Response.Headers.AccessControlAllowHeaders = AllowedHeaders;
            context.Response.Headers.AccessControlExposeHeaders = Exposed(state);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        // No token is valid yet: a request without one is told how to get one, a request with one is told it is invalid.
        bool hasToken = HasBearerToken(context.Request);
        context.Response.Headers.WWWAuthenticate = Challenge(state, hasToken ? "invalid_token" : null);
        var body = new JsonObject
        {
            ["error"] = "invalid_token",
            ["error_description"] = hasToken ? "The access token is not valid" : "Missing bearer token",
        };
        return Respond.JsonAsync(context, StatusCodes.Status401Unauthorized, body);
    }

    /// <summary>The RFC 6750 / RFC 9728 Bearer challenge.</summary>
    private static string Challenge(DeploymentState state, string? error)
    {
        var challenge = new StringBuilder("Bearer realm=\"OAuth\"");
        if (error is not null)
        {
            challenge.Append(", error=\"").Append(error).Append('"');
        }

        string? metadataUrl = ProtectedResourceMetadata.ChallengeUrl(state);
        if (metadataUrl is not null)
        {
            challenge.Append(", resource_metadata=\"").Append(metadataUrl).Append('"');
        }

        challenge.Append(", scope=\"").Append(Scopes).Append('"');
        return challenge.ToString();
    }

    private static bool HasBearerToken(HttpRequest request)
    {
        string? authorization = request.Headers.Authorization;
        const string Scheme = "Bearer ";
        return authorization is not null
            && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && authorization.AsSpan(Scheme.Length).Trim().Length > 0;
    }

    /// <summary>The app's CORS policy (only its own origin, no credentials: bearer tokens); the allowed origin may read the challenge.</summary>
    private static void ApplyCors(HttpContext context, DeploymentState state) =>
        CorsPolicy.Apply(context, state, withCredentials: false, Exposed(state));

    private static string Exposed(DeploymentState state) =>
        state.Has(Faults.CorsMcpNoExpose) ? ExposedHeadersWithoutChallenge : ExposedHeaders;
}
