using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The Scalekit-like environment at https://localhost:&lt;port&gt;: OpenID discovery, the JWKS and the
/// resource-scoped authorization server metadata (RFC 8414) of the MCP server's resource.
/// </summary>
internal static class EnvironmentEndpoints
{
    public static void Map(RouteTable routes, DeploymentState state)
    {
        routes.Map("/.well-known/openid-configuration", context => WriteDocumentAsync(context, OpenIdConfiguration(state)), HttpMethods.Get);
        routes.Map("/keys", context => WriteDocumentAsync(context, Jwks(state)), HttpMethods.Get);
        routes.Map(AuthorizeEndpoint.Path, context => AuthorizeEndpoint.HandleAsync(context, state), HttpMethods.Get);
        routes.Map("/oauth/token", context => TokenEndpoint.HandleAsync(context, state), HttpMethods.Post);
        routes.Map(EndSessionEndpoint.Path, context => EndSessionEndpoint.HandleAsync(context, state), HttpMethods.Get);
        routes.Map(AuthLogEndpoint.Path, context => AuthLogEndpoint.HandleAsync(context, state), HttpMethods.Get);
        routes.Map(McpTokenClaims.ResourceTokenPath(state), context => TokenEndpoint.HandleAsync(context, state), HttpMethods.Post);

        // RFC 8414 inserts the well-known segment before the issuer's path; many clients (and Scalekit) also
        // answer with it appended to the issuer, so both forms are served.
        // The MCP resource's authorization server: its metadata, token endpoint, consent and registration (Mcp/).
        McpAuthorizationServer.Map(routes, state);
    }

    private static JsonObject OpenIdConfiguration(DeploymentState state)
    {
        string environment = state.Urls.EnvironmentUrl;
        return new JsonObject
        {
            // Custom-domain drift and hand-edited configs show up as an issuer that differs from the URL.
            ["issuer"] = state.Has(Faults.IssuerTrailingSlash) ? environment + "/" : environment,
            ["authorization_endpoint"] = environment + "/oauth/authorize",
            ["token_endpoint"] = environment + "/oauth/token",
            ["jwks_uri"] = environment + "/keys",
            ["end_session_endpoint"] = environment + "/oidc/logout",
            ["response_types_supported"] = new JsonArray("code"),
            ["grant_types_supported"] = new JsonArray("authorization_code", "refresh_token", "client_credentials"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "client_secret_basic"),
        };
    }

    private static JsonObject Jwks(DeploymentState state) =>
        new() { ["keys"] = TokenFaults.JwksKeys(state) };

    /// <summary>Every environment document is public JSON, readable cross-origin.</summary>
    public static Task WriteDocumentAsync(HttpContext context, JsonObject document)
    {
        context.Response.Headers.AccessControlAllowOrigin = "*";
        return Respond.JsonAsync(context, StatusCodes.Status200OK, document);
    }
}
