using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The MCP resource's authorization server inside the environment (issuer &lt;env&gt;/resources/&lt;res&gt;): its RFC 8414
/// metadata in both the inserted and the appended form, its authorization endpoint and consent
/// page, its registration endpoint (DCR), and the bring-your-own-auth hand-back (partner callback).
/// </summary>
internal static class McpAuthorizationServer
{
    public const string ConsentPath = "/oauth/consent";
    public const string CustomConnectionId = "conn_71023566000000001";


    public static void Map(RouteTable routes, DeploymentState state)
    {
        string resourcePath = "/resources/" + state.ResourceId;
        RequestDelegate metadata = context => EnvironmentEndpoints.WriteDocumentAsync(context, Metadata(state));
        if (!state.Has(Faults.AsMetadataAppendedOnly))
        {
            routes.Map("/.well-known/oauth-authorization-server" + resourcePath, metadata, HttpMethods.Get);
        }

        routes.Map(resourcePath + "/.well-known/oauth-authorization-server", metadata, HttpMethods.Get);
        routes.Map(resourcePath + "/oauth/authorize", context => AuthorizeAsync(context, state), HttpMethods.Get);
        routes.Map(ConsentPath, context => ConsentPageAsync(context, state), HttpMethods.Get);
        routes.Map("/api/v1" + resourcePath + "/clients:register", context => RegisterAsync(context, state), HttpMethods.Post);
        routes.Map("/sso/v1/connections/" + CustomConnectionId + "/partner:callback", context => PartnerCallbackAsync(context, state), HttpMethods.Get);
    }

    /// <summary>The foreign host's copy of the consent page (where <see cref="Faults.ConsentForeignHost"/> sends users).</summary>
    public static void MapForeign(RouteTable foreignRoutes, DeploymentState state) =>
        foreignRoutes.Map(ConsentPath, context => ConsentPageAsync(context, state), HttpMethods.Get);

    /// <summary>The resource-scoped metadata document, with the SK-MCP-020 faults applied.</summary>
    public static JsonObject Metadata(DeploymentState state)
    {
        string issuer = state.ResourceIssuer;
        string environment = state.Urls.EnvironmentUrl;
        string tokenEndpoint = issuer + "/oauth/token";
        var document = new JsonObject
        {
            ["issuer"] = state.Has(Faults.AsMetadataIssuerMismatch) ? environment : issuer,
            ["authorization_endpoint"] = issuer + "/oauth/authorize",
            ["token_endpoint"] = state.Has(Faults.AsMetadataHttpEndpoint) ? "http://" + tokenEndpoint["https://".Length..] : tokenEndpoint,

            // Scalekit answers 404 at <issuer>/keys: the fault points there.
            ["jwks_uri"] = state.Has(Faults.AsMetadataJwksUnreachable) ? issuer + "/keys" : environment + "/keys",
        };
        if (!state.Has(Faults.AsMetadataNoRegistration))
        {
            document["registration_endpoint"] = environment + "/api/v1/resources/" + state.ResourceId + "/clients:register";
        }

        document["response_types_supported"] = state.Has(Faults.AsMetadataNoCodeResponse) ? new JsonArray("token") : new JsonArray("code");
        document["grant_types_supported"] = state.Has(Faults.AsMetadataNoAuthorizationCodeGrant)
            ? new JsonArray("client_credentials", "refresh_token")
            : new JsonArray("authorization_code", "client_credentials", "refresh_token");
        if (!state.Has(Faults.AsMetadataNoS256))
        {
            document["code_challenge_methods_supported"] = new JsonArray("S256");
        }

        document["token_endpoint_auth_methods_supported"] = new JsonArray("none", "client_secret_post", "client_secret_basic");
        if (!state.Has(Faults.AsMetadataNoRegistration))
        {
            document["client_id_metadata_document_supported"] = true;
        }

        document["scopes_supported"] = new JsonArray(McpClients.ReadScope, McpClients.WriteScope);
        return document;
    }

    /// <summary>
    /// The authorization request of an MCP client: a registered client, a registered (loopback) redirect, PKCE S256 and
    /// the resource. It sends the user to the consent page (or, with bring-your-own-auth, to the app's login endpoint).
    /// </summary>
    private static Task AuthorizeAsync(HttpContext context, DeploymentState state)
    {
        IQueryCollection query = context.Request.Query;
        McpClient? client = state.Mcp.Clients.Find(query["client_id"].ToString());
        if (client is null)
        {
            return Respond.JsonAsync(context, StatusCodes.Status400BadRequest, OAuthError("invalid_client", "Unknown client_id."));
        }

        string redirectUri = query["redirect_uri"].ToString();
        if (!McpClients.IsRegisteredRedirect(redirectUri))
        {
            return Respond.JsonAsync(context, StatusCodes.Status400BadRequest, OAuthError("invalid_request", "redirect_uri is not registered for this client."));
        }

        string clientState = query["state"].ToString();
        string? error =
            query["response_type"].ToString() != "code" ? "unsupported_response_type"
            : query["code_challenge"].ToString().Length < 43 || query["code_challenge_method"].ToString() != "S256" ? "invalid_request"
            : !IsThisResource(state, query["resource"].ToString()) || state.Has(Faults.ConsentAuthorizeRejects) ? "invalid_target"
            : null;
        if (error is not null)
        {
            Respond.Redirect(context, StatusCodes.Status302Found, redirectUri + "?error=" + error + "&state=" + Uri.EscapeDataString(clientState));
            return Task.CompletedTask;
        }

        string requestId = "ar_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        if (state.Has(Faults.McpCustomAuth))
        {
            // Scalekit hands the login to the app with a login request id and its own state.
            string loginRequestId = "lri_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
            string handOffState = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            state.Mcp.LoginRequests[loginRequestId] = handOffState;
            Respond.Redirect(
                context,
                StatusCodes.Status302Found,
                state.Urls.AppBaseUrl + CustomLoginEndpoint.Path + "?login_request_id=" + loginRequestId + "&state=" + handOffState);
            return Task.CompletedTask;
        }

        string consentBase =
            state.Has(Faults.ConsentForeignHost) ? state.Urls.ForeignBaseUrl
            : state.Has(Faults.ConsentHttp) ? "http://" + state.Urls.EnvironmentUrl["https://".Length..]
            : state.Urls.EnvironmentUrl;
        Respond.Redirect(context, StatusCodes.Status302Found, consentBase + ConsentPath + "?request_id=" + requestId);
        return Task.CompletedTask;
    }

    /// <summary>The consent page: names the MCP server and the client, and may not be framed (clickjacking).</summary>
    private static Task ConsentPageAsync(HttpContext context, DeploymentState state)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        if (!state.Has(Faults.ConsentFrameable))
        {
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'; default-src 'self'";
        }

        if (state.Has(Faults.ConsentCoopSameOrigin))
        {
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
        }

        string requestId = WebUtility.HtmlEncode(context.Request.Query["request_id"].ToString());
        string page = "<!doctype html><html><head><title>Authorize access to " + ProtectedResourceMetadata.ResourceName + "</title></head><body>"
            + "<h1>" + ProtectedResourceMetadata.ResourceName + "</h1>"
            + "<p>An MCP client wants to access your to-do list (todo:read, todo:write).</p>"
            + "<form method=\"post\"><input type=\"hidden\" name=\"request_id\" value=\"" + requestId + "\">"
            + "<button name=\"decision\" value=\"allow\">Allow</button> <button name=\"decision\" value=\"deny\">Deny</button></form>"
            + "</body></html>";
        return Respond.BodyAsync(context, StatusCodes.Status200OK, "text/html; charset=utf-8", page);
    }

    /// <summary>Dynamic client registration (RFC 7591): https redirect URIs, or http on a loopback host.</summary>
    private static async Task RegisterAsync(HttpContext context, DeploymentState state)
    {
        JsonObject? request;
        try
        {
            request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request?["redirect_uris"] is not JsonArray redirects || redirects.Count == 0)
        {
            await Respond.JsonAsync(context, StatusCodes.Status400BadRequest, OAuthError("invalid_client_metadata", "redirect_uris is required."));
            return;
        }

        string[] uris = redirects.Select(node => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : string.Empty).ToArray();
        string? refused = uris.FirstOrDefault(uri => !IsAcceptableRedirect(uri));
        if (refused is not null && !state.Has(Faults.DcrAcceptsForeignRedirect))
        {
            await Respond.JsonAsync(context, StatusCodes.Status400BadRequest, OAuthError("invalid_redirect_uri", "Redirect URIs must use https or a loopback http address."));
            return;
        }

        var response = new JsonObject
        {
            ["client_id"] = "m2m_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
            ["client_id_issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["redirect_uris"] = new JsonArray(uris.Select(uri => (JsonNode?)JsonValue.Create(uri)).ToArray()),
            ["token_endpoint_auth_method"] = "none",
            ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["client_name"] = request["client_name"]?.ToString(),
        };
        await Respond.JsonAsync(context, StatusCodes.Status201Created, response);
    }

    /// <summary>Where the app's custom login sends the user back: the state must be the one Scalekit handed out.</summary>
    private static Task PartnerCallbackAsync(HttpContext context, DeploymentState state)
    {
        string handOffState = context.Request.Query["state"].ToString();
        bool known = state.Mcp.LoginRequests.Values.Contains(handOffState, StringComparer.Ordinal);
        return known
            ? Respond.BodyAsync(context, StatusCodes.Status200OK, "text/html; charset=utf-8", "<!doctype html><title>Signed in</title><p>You are signed in.</p>")
            : Respond.JsonAsync(context, StatusCodes.Status400BadRequest, OAuthError("invalid_request", "Unknown or altered state."));
    }

    private static bool IsThisResource(DeploymentState state, string resource) =>
        resource.Length == 0 || resource == state.Urls.McpUrl || resource == state.ResourceId;

    private static bool IsAcceptableRedirect(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed)
        && string.IsNullOrEmpty(parsed.Fragment)
        && (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback));

    private static JsonObject OAuthError(string error, string description) =>
        new() { ["error"] = error, ["error_description"] = description };
}
