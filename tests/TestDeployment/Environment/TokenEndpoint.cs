using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The environment's token endpoint (<c>POST /oauth/token</c>), as Scalekit answers it: client_credentials with
/// the client id and secret in the form (client_secret_post) or in Basic auth; RS256 JWT access tokens signed by
/// the key published at /keys; <c>Cache-Control: no-store</c>; OAuth error JSON otherwise.
/// </summary>
internal static class TokenEndpoint
{
    public const int AccessTokenLifetimeSeconds = 300;

    public static async Task HandleAsync(HttpContext context, DeploymentState state)
    {
        if (!state.Has(Faults.TokenNoStoreMissing))
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
        }

        if (await TokenEndpointKnobs.InterceptAsync(context, state))
        {
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded.");
            return;
        }

        IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
        (string? clientId, string? clientSecret) = ClientCredentials(context.Request, form);
        if (await McpTokenIssuer.TryIssueAsync(context, state, form, clientId, clientSecret))
        {
            return;
        }

        if (!string.Equals(clientId, state.ClientId, StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clientSecret ?? string.Empty), Encoding.UTF8.GetBytes(state.ClientSecret)))
        {
            int status = state.Has(Faults.TokenInvalidClient400) ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
            await ErrorAsync(context, status, "invalid_client", "Client authentication failed.");
            return;
        }

        string grantType = form["grant_type"].ToString();
        if (grantType == "authorization_code")
        {
            TokenAnswer answer = AuthorizationCodeExchange.Exchange(
                state, clientId!, form["code"].ToString(), form["redirect_uri"].ToString(), form["code_verifier"].ToString());
            await Respond.JsonAsync(context, answer.StatusCode, answer.Body);
            return;
        }

        if (grantType == "refresh_token")
        {
            TokenAnswer refreshed = RefreshTokenExchange.Exchange(state, clientId!, form["refresh_token"].ToString());
            await Respond.JsonAsync(context, refreshed.StatusCode, refreshed.Body);
            return;
        }

        if (grantType != "client_credentials")
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "unsupported_grant_type", "Supported grants: authorization_code, refresh_token, client_credentials.");
            return;
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int lifetime = TokenFaults.AccessTokenLifetime(state);
        var claims = new JsonObject
        {
            ["iss"] = state.Urls.EnvironmentUrl,
            ["sub"] = state.ClientId,
            ["aud"] = new JsonArray(state.ClientId),
            ["client_id"] = state.ClientId,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + lifetime,
            ["jti"] = "tkn_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
        };
        var response = new JsonObject
        {
            ["access_token"] = string.Empty,
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenFaults.ExpiresIn(state, lifetime),
        };

        // RFC 8707: a token for the MCP server (resource=<server url> or the resource's own token endpoint) is bound to it.
        if (McpTokenClaims.IsForMcpResource(context.Request, form, state))
        {
            McpTokenClaims.Apply(claims, response, state);
        }

        response["access_token"] = Sign(state.SigningKey, claims);
        await Respond.JsonAsync(context, StatusCodes.Status200OK, response);
    }

    /// <summary>Signs <paramref name="claims"/> as a compact RS256 JWS with the environment's key id.</summary>
    public static string Sign(SigningKey key, JsonObject claims)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = key.KeyId };
        string signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()))
            + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        byte[] signature = key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        StringValues authorization = request.Headers.Authorization;
        string value = authorization.ToString();
        if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Substring(6).Trim()));
                int colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString());
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
