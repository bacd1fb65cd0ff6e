using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The MCP server on the app listener: the /mcp endpoint (<see cref="McpServer"/>) with its CORS policy,
/// and the protected resource metadata at its well-known URLs.
/// </summary>
internal static class McpEndpoints
{
    private const string AllowedMethods = "GET, POST, DELETE, OPTIONS";
    private const string AllowedHeaders = "Authorization, Content-Type, Mcp-Protocol-Version, Mcp-Session-Id, Mcp-Method, Mcp-Name";
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

        CustomLoginEndpoint.Map(routes, state);

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

        return McpServer.HandleAsync(context, state);
    }

    /// <summary>The app's CORS policy (only its own origin, no credentials: bearer tokens); the allowed origin may read the challenge.</summary>
    private static void ApplyCors(HttpContext context, DeploymentState state) =>
        CorsPolicy.Apply(context, state, withCredentials: false, Exposed(state));

    private static string Exposed(DeploymentState state) =>
        state.Has(Faults.CorsMcpNoExpose) ? ExposedHeadersWithoutChallenge : ExposedHeaders;
}
