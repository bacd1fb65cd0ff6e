using System;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// What Scalekit puts in an MCP access token (client_credentials with <c>resource</c>, RFC 8707): <c>aud</c> holds the
/// resource id and the server URL, <c>iss</c> is the environment, scopes travel as a <c>scope</c> string, and the token
/// response carries <c>scope</c> too.
/// </summary>
internal static class McpTokenClaims
{
    /// <summary>The scopes an MCP M2M client is granted.</summary>
    public const string GrantedScopes = "todo:read todo:write";

    /// <summary>The resource-scoped token endpoint the resource's AS metadata advertises.</summary>
    public static string ResourceTokenPath(DeploymentState state) => "/resources/" + state.ResourceId + "/oauth/token";

    /// <summary>True for a token request aimed at the MCP server: at the resource's token endpoint, or with a resource naming it.</summary>
    public static bool IsForMcpResource(HttpRequest request, IFormCollection form, DeploymentState state)
    {
        string resource = form["resource"].ToString();
        return string.Equals(request.Path.Value, ResourceTokenPath(state), StringComparison.Ordinal)
            || string.Equals(resource, state.Urls.McpUrl, StringComparison.Ordinal)
            || string.Equals(resource, state.ResourceId, StringComparison.Ordinal);
    }

    public static void Apply(JsonObject claims, JsonObject response, DeploymentState state)
    {
        claims["aud"] = new JsonArray(state.ResourceId, state.Urls.McpUrl);
        claims["scope"] = GrantedScopes;
        response["scope"] = GrantedScopes;
    }
}
