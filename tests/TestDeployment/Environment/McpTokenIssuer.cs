using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// client_credentials for the MCP clients at the environment's token endpoint and at the resource's token endpoint
/// (&lt;env&gt;/resources/&lt;res&gt;/oauth/token), as Scalekit mints MCP access tokens: RS256, <c>aud</c> = [res_…, server URL],
/// <c>iss</c> = the environment (or, migrating, the resource-scoped issuer), a <c>scope</c> string, <c>client_id</c> = <c>sub</c>.
/// </summary>
internal static class McpTokenIssuer
{
    public const int AccessTokenLifetimeSeconds = 300;

    /// <summary>The lifetime under <see cref="Faults.McpTokenLongLifetime"/>.</summary>
    public const int LongLifetimeSeconds = 86400;

    /// <summary>Handles the request when the client is an MCP client; false (nothing written) otherwise.</summary>
    public static async Task<bool> TryIssueAsync(HttpContext context, DeploymentState state, IFormCollection form, string? clientId, string? clientSecret)
    {
        McpClient? client = state.Mcp.Clients.Find(clientId);
        if (client is null)
        {
            return false;
        }

        if (state.Has(Faults.McpTokenCacheable))
        {
            context.Response.Headers.Remove("Cache-Control");
            context.Response.Headers.Remove("Pragma");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret ?? string.Empty), Encoding.UTF8.GetBytes(client.ClientSecret)))
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed.");
            return true;
        }

        if (form["grant_type"].ToString() != "client_credentials")
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "unsupported_grant_type", "Only client_credentials is enabled for this client.");
            return true;
        }

        string[] requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? unknown = requested.FirstOrDefault(scope => !client.Scopes.Contains(scope, StringComparer.Ordinal));
        if (unknown is not null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_scope", "The client may not request " + unknown + ".");
            return true;
        }

        string[] granted = requested.Length > 0 ? requested : client.Scopes.ToArray();
        JsonArray? audience = Audience(state, form["resource"].ToString());
        if (audience is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_target", "The resource is not registered in this environment.");
            return true;
        }

        if (state.Has(Faults.McpTokenIgnoresResource))
        {
            audience = new JsonArray(client.ClientId);
        }

        int lifetime = state.Has(Faults.McpTokenLongLifetime) ? LongLifetimeSeconds : AccessTokenLifetimeSeconds;
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = state.Has(Faults.McpTokenResourceIssuer) ? state.ResourceIssuer : state.Urls.EnvironmentUrl,
            ["sub"] = client.ClientId,
            ["aud"] = audience,
            ["client_id"] = client.ClientId,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + lifetime,
            ["jti"] = "tkn_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
        };
        if (state.Has(Faults.McpTokenScopesArray))
        {
            claims["scopes"] = new JsonArray(granted.Select(scope => (JsonNode?)JsonValue.Create(scope)).ToArray());
        }
        else if (!state.Has(Faults.McpTokenNoScopeClaim))
        {
            claims["scope"] = string.Join(' ', granted);
        }

        var response = new JsonObject
        {
            ["access_token"] = McpTokenFaults.Encode(claims, state),
            ["token_type"] = "Bearer",
            ["expires_in"] = lifetime,
            ["scope"] = string.Join(' ', granted),
        };
        state.Mcp.CountIssuedToken();
        await Respond.JsonAsync(context, StatusCodes.Status200OK, response);
        return true;
    }

    /// <summary>
    /// The audience for the RFC 8707 resource parameter: this MCP server (its URL or its id, or none given), or the
    /// environment's other MCP server; null for a resource the environment does not know.
    /// </summary>
    private static JsonArray? Audience(DeploymentState state, string resource)
    {
        if (resource.Length == 0 || resource == state.Urls.McpUrl || resource == state.ResourceId)
        {
            return new JsonArray(state.ResourceId, state.Urls.McpUrl);
        }

        string other = state.Urls.AppBaseUrl + McpServerState.OtherResourcePath;
        return resource == other || resource == McpServerState.OtherResourceId
            ? new JsonArray(McpServerState.OtherResourceId, other)
            : null;
    }

    private static Task ErrorAsync(HttpContext context, int status, string error, string description)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"oauth\", error=\"" + error + "\"";
        }

        return Respond.JsonAsync(context, status, new JsonObject { ["error"] = error, ["error_description"] = description });
    }
}
