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
    public static string ExpiredAccessToken(DeploymentState state) => LabAccessToken(state, state.Urls.EnvironmentUrl, -900, 300);

    /// <summary>A current MCP access token in Scalekit's newer form: iss = &lt;env&gt;/resources/&lt;res_id&gt;, scopes as an array (for the tests only).</summary>
    public static string ResourceIssuerAccessToken(DeploymentState state)
    {
        string token = LabAccessToken(state, state.ResourceIssuer, 0, 300);
        return token;
    }

    private static string LabAccessToken(DeploymentState state, string issuer, long issuedOffset, long lifetime)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + issuedOffset;
        var claims = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = state.ClientId,
            ["aud"] = new JsonArray(state.ClientId),
            ["client_id"] = state.ClientId,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + lifetime,
            ["scopes"] = new JsonArray("todo:read", "todo:write"),
            ["jti"] = "tkn_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        };
        return TokenEndpoint.Sign(state.SigningKey, claims);
    }
}
