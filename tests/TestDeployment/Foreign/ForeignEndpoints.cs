using System;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// A foreign authorization server on another host (127.0.0.2). Its metadata URLs answer a plausible AS metadata
/// document naming its own token endpoint (the lure a misconfigured PRM would send credentials to); it answers
/// 200 {} to anything else. The listener records every request so tests can prove that credentials never reach it.
/// </summary>
internal static class ForeignEndpoints
{
    public static void Map(RouteTable routes) =>
        routes.MapFallback(context =>
        {
            string path = context.Request.Path.Value ?? string.Empty;
            int wellKnown = path.IndexOf("/.well-known/", StringComparison.Ordinal);
            if (wellKnown < 0 || path.Contains("oauth-protected-resource", StringComparison.Ordinal))
            {
                return Respond.JsonAsync(context, StatusCodes.Status200OK, new JsonObject());
            }

            // The issuer is the path around the well-known segment (inserted or appended form).
            string origin = context.Request.Scheme + "://" + context.Request.Host;
            string issuerPath = path[..wellKnown] + (path.IndexOf('/', wellKnown + "/.well-known/".Length) is int slash and >= 0 ? path[slash..] : string.Empty);
            string issuer = origin + issuerPath;
            return Respond.JsonAsync(context, StatusCodes.Status200OK, new JsonObject
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = issuer + "/oauth/authorize",
                ["token_endpoint"] = issuer + "/oauth/token",
                ["jwks_uri"] = origin + "/keys",
                ["response_types_supported"] = new JsonArray("code"),
                ["code_challenge_methods_supported"] = new JsonArray("S256"),
            });
        });
}
