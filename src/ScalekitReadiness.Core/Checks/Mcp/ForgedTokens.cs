using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// Builds the forged tokens of the SK-MCP-050 battery with Microsoft.IdentityModel, from keys made on the spot and
/// the environment's PUBLIC key only: none of them was issued by the authorization server, so none is a credential.
/// </summary>
internal sealed class ForgedTokens : IDisposable
{
    private readonly RSA _probeKey;
    private readonly Dictionary<string, object> _claims;

    /// <param name="issuer">The issuer the server expects (the environment).</param>
    /// <param name="audiences">The audiences the server expects (resource id, server URL).</param>
    /// <param name="scope">The scopes to claim.</param>
    /// <param name="now">The current time.</param>
    public ForgedTokens(string issuer, IReadOnlyList<string> audiences, string? scope, DateTimeOffset now)
    {
        _probeKey = RSA.Create();
        _probeKey.KeySize = 2048;
        long seconds = now.ToUnixTimeSeconds();
        _claims = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["sub"] = "sk-readiness-forged",
            ["client_id"] = "sk-readiness-forged",
            ["aud"] = audiences.ToArray(),
            ["iat"] = seconds,
            ["nbf"] = seconds,
            ["exp"] = seconds + 300,
            ["jti"] = "forged-" + Guid.NewGuid().ToString("N"),
        };
        if (!string.IsNullOrEmpty(scope))
        {
            _claims["scope"] = scope!;
        }
    }

    /// <summary>An unsigned token: <c>alg: none</c> and an empty signature.</summary>
    public string AlgNone() => Create(_claims, null, null);

    /// <summary>RS256 signed by a key made here, under the environment's real <paramref name="keyId"/>.</summary>
    public string WrongKey(string? keyId) => Create(_claims, Rs256(keyId), null);

    /// <summary>HS256 with the environment's public key (as PEM text) as the HMAC secret: the key-confusion attack.</summary>
    public string Hs256WithPublicKey(string publicKeyPem, string? keyId) =>
        Create(_claims, new SigningCredentials(new SymmetricSecurityKey(Encoding.ASCII.GetBytes(publicKeyPem)) { KeyId = keyId }, SecurityAlgorithms.HmacSha256), null);

    /// <summary>RS256 (a key made here, the real kid) whose lifetime ended an hour ago.</summary>
    public string Expired(string? keyId, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>(_claims)
        {
            ["iat"] = now.AddHours(-2).ToUnixTimeSeconds(),
            ["nbf"] = now.AddHours(-2).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(-1).ToUnixTimeSeconds(),
        };
        return Create(claims, Rs256(keyId), null);
    }

    public void Dispose() => _probeKey.Dispose();

    /// <summary>The PEM (SubjectPublicKeyInfo, 64-character lines, no trailing newline) of an RSA public key given as a JWK's n and e.</summary>
    public static string PublicKeyPem(byte[] modulus, byte[] exponent)
    {
        byte[] rsaPublicKey = Der(0x30, Der(0x02, Unsigned(modulus)), Der(0x02, Unsigned(exponent)));
        byte[] algorithm = Der(0x30, new byte[] { 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 }, new byte[] { 0x05, 0x00 });
        byte[] bitString = Der(0x03, new byte[] { 0x00 }, rsaPublicKey);
        string base64 = Convert.ToBase64String(Der(0x30, algorithm, bitString));
        var pem = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
        for (int offset = 0; offset < base64.Length; offset += 64)
        {
            pem.Append(base64, offset, Math.Min(64, base64.Length - offset)).Append('\n');
        }

        return pem.Append("-----END PUBLIC KEY-----").ToString();
    }

    private SigningCredentials Rs256(string? keyId) =>
        new(new RsaSecurityKey(_probeKey) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);

    private static string Create(Dictionary<string, object> claims, SigningCredentials? credentials, string? type)
    {
        var descriptor = new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials, TokenType = type };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static byte[] Unsigned(byte[] value)
    {
        int start = 0;
        while (start < value.Length - 1 && value[start] == 0)
        {
            start++;
        }

        byte[] trimmed = value.Skip(start).ToArray();
        return trimmed[0] >= 0x80 ? new byte[] { 0 }.Concat(trimmed).ToArray() : trimmed;
    }

    private static byte[] Der(byte tag, params byte[][] parts)
    {
        byte[] content = parts.SelectMany(part => part).ToArray();
        int length = content.Length;
        byte[] lengthBytes = length < 0x80 ? new[] { (byte)length }
            : length <= 0xFF ? new byte[] { 0x81, (byte)length }
            : new byte[] { 0x82, (byte)(length >> 8), (byte)length };
        return new[] { tag }.Concat(lengthBytes).Concat(content).ToArray();
    }
}
