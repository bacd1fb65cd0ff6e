using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ScalekitReadiness.TestDeployment;

/// <summary>What the SK-AUTH-050/051 faults change in the environment's tokens and JWKS.</summary>
internal static class TokenFaults
{
    public const int LongAccessTokenLifetimeSeconds = 7200;
    public const int MismatchedExpiresInSeconds = 3600;

    /// <summary>The lifetime (exp - iat) of a minted access token.</summary>
    public static int AccessTokenLifetime(DeploymentState state) =>
        state.Has(Faults.AccessTokenLifetimeAbovePolicy) ? LongAccessTokenLifetimeSeconds : TokenEndpoint.AccessTokenLifetimeSeconds;

    /// <summary>The expires_in of the token response for a token of <paramref name="lifetime"/> seconds.</summary>
    public static int ExpiresIn(DeploymentState state, int lifetime) =>
        state.Has(Faults.TokenExpiresInMismatch) ? MismatchedExpiresInSeconds : lifetime;

    /// <summary>The keys published at /keys.</summary>
    public static JsonArray JwksKeys(DeploymentState state)
    {
        JsonObject signing = state.SigningKey.ToPublicJwk();
        if (state.Has(Faults.JwksKeyNotForSigning))
        {
            signing["use"] = "enc";
        }

        var keys = new JsonArray(signing);
        if (state.Has(Faults.JwksSmallKey))
        {
            keys.Add(PublicJwk(1024, "snk_legacy1024"));
        }

        if (state.Has(Faults.JwksDuplicateKid))
        {
            keys.Add(PublicJwk(2048, state.SigningKey.KeyId));
        }

        return keys;
    }

    private static JsonObject PublicJwk(int bits, string keyId)
    {
        using RSA rsa = RSA.Create(bits);
        RSAParameters parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = keyId,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
    }

    /// <summary>An access token of the environment that expired ten minutes ago, correctly signed (for the tests only).</summary>
    public static string ExpiredAccessToken(DeploymentState state)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = state.Urls.EnvironmentUrl,
            ["sub"] = state.ClientId,
            ["aud"] = new JsonArray(state.ClientId),
            ["client_id"] = state.ClientId,
            ["iat"] = now - 900,
            ["nbf"] = now - 900,
            ["exp"] = now - 600,
            ["jti"] = "tkn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        return TokenEndpoint.Sign(state.SigningKey, claims);
    }
}
