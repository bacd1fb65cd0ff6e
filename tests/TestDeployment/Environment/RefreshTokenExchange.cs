using System;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The refresh_token grant (client already authenticated by <see cref="TokenEndpoint"/>), as Scalekit answers it:
/// the refresh token is single use and rotated — the answer carries a new access token and a NEW refresh token, and
/// the old one is refused with invalid_grant from then on. The SK-AUTH-060 faults break rotation or reuse detection.
/// </summary>
internal static class RefreshTokenExchange
{
    public static TokenAnswer Exchange(DeploymentState state, string clientId, string refreshToken)
    {
        bool notRotated = state.Has(Faults.RefreshTokenNotRotated);
        bool keepOld = notRotated || state.Has(Faults.RefreshTokenReuseAllowed);
        RefreshTokenGrant? grant = refreshToken.Length == 0 ? null : state.RefreshTokens.Redeem(refreshToken, keep: keepOld);
        if (grant is null || !string.Equals(grant.ClientId, clientId, StringComparison.Ordinal))
        {
            return TokenAnswer.Error(StatusCodes.Status400BadRequest, "invalid_grant", "The refresh token is invalid, expired or already used.");
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        int lifetime = TokenFaults.AccessTokenLifetime(state);
        var claims = new JsonObject
        {
            ["iss"] = state.Urls.EnvironmentUrl,
            ["sub"] = grant.Subject,
            ["aud"] = new JsonArray(grant.ClientId),
            ["client_id"] = grant.ClientId,
            ["scope"] = grant.Scope,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + lifetime,
            ["jti"] = "tkn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        return new TokenAnswer(StatusCodes.Status200OK, new JsonObject
        {
            ["access_token"] = TokenEndpoint.Sign(state.SigningKey, claims),
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenFaults.ExpiresIn(state, lifetime),
            ["scope"] = grant.Scope,
            ["refresh_token"] = notRotated ? refreshToken : state.RefreshTokens.Issue(grant with { ExpiresAt = DateTimeOffset.UtcNow + RefreshTokens.Lifetime }),
        });
    }

    /// <summary>A live refresh token for the test user and the app's client, as the code grant with offline_access issues (tests only).</summary>
    public static string IssueForTests(DeploymentState state) =>
        state.RefreshTokens.Issue(new RefreshTokenGrant(state.ClientId, AuthorizeEndpoint.TestUserSubject, AppLogin.Scope, DateTimeOffset.UtcNow + RefreshTokens.Lifetime));
}
