using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The answer of a grant at the token endpoint: a status and the JSON body (tokens or an OAuth error).</summary>
internal sealed record TokenAnswer(int StatusCode, JsonObject Body)
{
    public bool Succeeded => StatusCode == StatusCodes.Status200OK;

    public static TokenAnswer Error(int statusCode, string error, string description) =>
        new(statusCode, new JsonObject { ["error"] = error, ["error_description"] = description });
}

/// <summary>
/// The authorization_code grant (client already authenticated by <see cref="TokenEndpoint"/>): the code must be live,
/// issued to this client for this redirect_uri, and its PKCE challenge (when one was sent) must match the verifier.
/// Issues an access token, an ID token when openid was asked for, and a refresh token when offline_access was.
/// The web app calls <see cref="Exchange"/> in-process as its back channel.
/// </summary>
internal static class AuthorizationCodeExchange
{
    public const int IdTokenLifetimeSeconds = 300;

    public static TokenAnswer Exchange(DeploymentState state, string clientId, string code, string redirectUri, string? codeVerifier)
    {
        AuthorizationCodeGrant? grant = code.Length == 0 ? null : state.AuthorizationCodes.Redeem(code, keep: state.Has(Faults.CodeReusable));
        if (grant is null)
        {
            return state.Has(Faults.TokenUnknownCode500)
                ? new TokenAnswer(StatusCodes.Status500InternalServerError, new JsonObject { ["message"] = "NullReferenceException" })
                : TokenAnswer.Error(StatusCodes.Status400BadRequest, "invalid_grant", "The authorization code is invalid, expired or already used.");
        }

        if (!string.Equals(grant.ClientId, clientId, StringComparison.Ordinal)
            || !string.Equals(grant.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            return TokenAnswer.Error(StatusCodes.Status400BadRequest, "invalid_grant", "The code was issued to another client or redirect_uri.");
        }

        if (grant.CodeChallenge is not null && !PkceMatches(grant.CodeChallenge, codeVerifier))
        {
            return TokenAnswer.Error(StatusCodes.Status400BadRequest, "invalid_grant", "The code_verifier does not match the code_challenge.");
        }

        return new TokenAnswer(StatusCodes.Status200OK, IssueTokens(state, grant));
    }

    private static JsonObject IssueTokens(DeploymentState state, AuthorizationCodeGrant grant)
    {
        string[] scopes = grant.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string issuer = state.Urls.EnvironmentUrl;
        var accessClaims = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = grant.Subject,
            ["aud"] = new JsonArray(grant.ClientId),
            ["client_id"] = grant.ClientId,
            ["scope"] = grant.Scope,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + TokenEndpoint.AccessTokenLifetimeSeconds,
            ["jti"] = "tkn_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
        };
        var response = new JsonObject
        {
            ["access_token"] = TokenEndpoint.Sign(state.SigningKey, accessClaims),
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenEndpoint.AccessTokenLifetimeSeconds,
            ["scope"] = grant.Scope,
        };

        if (Array.IndexOf(scopes, "openid") >= 0)
        {
            var idClaims = new JsonObject
            {
                ["iss"] = issuer,
                ["sub"] = grant.Subject,
                ["aud"] = grant.ClientId,
                ["email"] = AuthorizeEndpoint.TestUserEmail,
                ["iat"] = now,
                ["exp"] = now + IdTokenLifetimeSeconds,
            };
            if (grant.Nonce is not null && !state.Has(Faults.IdTokenNoNonce))
            {
                idClaims["nonce"] = grant.Nonce;
            }

            response["id_token"] = TokenEndpoint.Sign(state.SigningKey, idClaims);
        }

        if (Array.IndexOf(scopes, "offline_access") >= 0)
        {
            response["refresh_token"] = state.RefreshTokens.Issue(
                new RefreshTokenGrant(grant.ClientId, grant.Subject, grant.Scope, DateTimeOffset.UtcNow + RefreshTokens.Lifetime));
        }

        return response;
    }

    private static bool PkceMatches(string challenge, string? verifier)
    {
        if (string.IsNullOrEmpty(verifier))
        {
            return false;
        }

        string computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
