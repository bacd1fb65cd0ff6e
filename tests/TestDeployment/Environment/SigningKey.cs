using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The environment's RS256 token signing key, generated per deployment and published in its JWKS.</summary>
internal sealed class SigningKey : IDisposable
{
    public const string DefaultKeyId = "snk_test1";

    public SigningKey(RSA rsa, string keyId = DefaultKeyId)
    {
        Rsa = rsa;
        KeyId = keyId;
    }

    public RSA Rsa { get; }

    public string KeyId { get; }

    /// <summary>The public key as a JWK (RFC 7517), as published at /keys.</summary>
    public JsonObject ToPublicJwk()
    {
        RSAParameters parameters = Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = KeyId,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
        };
    }

    public void Dispose() => Rsa.Dispose();
}
