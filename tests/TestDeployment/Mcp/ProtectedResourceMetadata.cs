using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The one place that decides the MCP server's protected resource metadata (RFC 9728): where it is served,
/// where the 401 challenge points, its members and its representation, including every PRM fault.
/// </summary>
internal static class ProtectedResourceMetadata
{
    /// <summary>The path-aware well-known URL path for the resource at /mcp.</summary>
    public const string PathAwarePath = "/.well-known/oauth-protected-resource/mcp";

    /// <summary>The root well-known URL path.</summary>
    public const string RootPath = "/.well-known/oauth-protected-resource";

    /// <summary>Where <see cref="Faults.PrmHeaderUrlBroken"/> points the challenge: nothing is served there.</summary>
    public const string BrokenPath = "/.well-known/oauth-protected-resource/elsewhere";

    public const string ContentType = "application/json; charset=utf-8";

    public const string ResourceName = "ScalekitReadiness test MCP server";

    /// <summary>The body size <see cref="Faults.PrmTooLarge"/> pads the document to (80 KiB).</summary>
    public const int TooLargeBodyBytes = 80 * 1024;

    public static bool IsServedAtPathAwareUrl(DeploymentState state) =>
        !state.Has(Faults.PrmMissing) && !state.Has(Faults.PrmRootOnly);

    public static bool IsServedAtRootUrl(DeploymentState state) =>
        !state.Has(Faults.PrmMissing) && !state.Has(Faults.PrmPathOnly);

    /// <summary>The resource_metadata URL of the 401 challenge, or null when the challenge carries none.</summary>
    public static string? ChallengeUrl(DeploymentState state)
    {
        string app = state.Urls.AppBaseUrl;
        if (state.Has(Faults.PrmMissing))
        {
            return null;
        }

        if (state.Has(Faults.PrmRootOnly))
        {
            return app + RootPath;
        }

        return state.Has(Faults.PrmHeaderUrlBroken) ? app + BrokenPath : app + PathAwarePath;
    }

    /// <summary>The document's members, with the member-level faults applied. Property order is the wire order.</summary>
    public static JsonObject BuildDocument(DeploymentState state)
    {
        DeploymentUrls urls = state.Urls;

        string resource = urls.McpUrl;
        if (state.Has(Faults.PrmResourceMismatch))
        {
            resource = urls.AppBaseUrl + "/other-mcp";
        }
        else if (state.Has(Faults.PrmResourceTrailingSlash))
        {
            resource = urls.McpUrl + "/";
        }

        var document = new JsonObject { ["resource"] = resource };

        if (!state.Has(Faults.PrmNoAuthorizationServers))
        {
            document["authorization_servers"] = new JsonArray(AuthorizationServer(state));
        }

        document["bearer_methods_supported"] =
            state.Has(Faults.PrmBearerQuery) ? new JsonArray("header", "query")
            : state.Has(Faults.PrmBearerNoHeader) ? new JsonArray("body")
            : new JsonArray("header");

        document["scopes_supported"] =
            state.Has(Faults.PrmEmptyScopes) ? new JsonArray()
            : state.Has(Faults.PrmOfflineAccess) ? new JsonArray("todo:read", "todo:write", "offline_access")
            : new JsonArray("todo:read", "todo:write");

        if (!state.Has(Faults.PrmNoResourceName))
        {
            document["resource_name"] = ResourceName;
        }

        document["resource_documentation"] = urls.AppBaseUrl + "/docs";
        return document;
    }

    /// <summary>Writes the document, with the representation-level faults applied.</summary>
    public static Task WriteAsync(HttpContext context, DeploymentState state)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        JsonObject document = BuildDocument(state);

        if (state.Has(Faults.PrmWrongContentType))
        {
            return Respond.BodyAsync(context, StatusCodes.Status200OK, "text/plain", document.ToJsonString());
        }

        if (state.Has(Faults.PrmNotJson))
        {
            return Respond.BodyAsync(context, StatusCodes.Status200OK, ContentType, "{\"resource\": ");
        }

        if (state.Has(Faults.PrmNotObject))
        {
            return Respond.JsonAsync(context, StatusCodes.Status200OK, new JsonArray(document), ContentType);
        }

        if (state.Has(Faults.PrmTooLarge))
        {
            // Measure with an empty padding member, then grow it: every added ASCII character adds one byte.
            document["x_padding"] = string.Empty;
            int padding = TooLargeBodyBytes - document.ToJsonString().Length;
            document["x_padding"] = new string('x', padding);
        }

        return Respond.JsonAsync(context, StatusCodes.Status200OK, document, ContentType);
    }

    /// <summary>authorization_servers[0], with the URL-level faults applied.</summary>
    private static string AuthorizationServer(DeploymentState state)
    {
        string issuer = state.ResourceIssuer;
        if (state.Has(Faults.PrmAsHttp))
        {
            return "http://" + issuer["https://".Length..];
        }

        if (state.Has(Faults.PrmAsDoubleScheme))
        {
            return "https://" + issuer;
        }

        if (state.Has(Faults.PrmAsRelative))
        {
            return "/resources/" + state.ResourceId;
        }

        return state.Has(Faults.PrmAsForeignHost)
            ? state.Urls.ForeignBaseUrl + "/resources/" + state.ResourceId
            : issuer;
    }
}
