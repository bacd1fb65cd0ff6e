using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ScalekitReadiness.Auth;

/// <summary>
/// Invalid bearer tokens for SK-AUTH-080, forged here with an RSA key generated for the run and thrown away after:
/// never a real user's token. Claims look plausible (issuer, audience) so a server must check the signature and
/// the lifetime to refuse them.
/// </summary>
internal static class ForgedTokens
{
    /// <summary>A token that expired an hour ago, signed by a throwaway key under <paramref name="keyId"/> (the environment's kid when known).</summary>
    public static string Expired(string issuer, string audience, string? keyId) =>
        Sign(issuer, audience, keyId ?? "sk-probe-expired", DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));

    /// <summary>A current token signed by a throwaway key whose kid no JWKS knows.</summary>
    public static string UnknownKey(string issuer, string audience) =>
        Sign(issuer, audience, "sk-probe-" + Guid.NewGuid().ToString("N").Substring(0, 12), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10));

    /// <summary>Something shaped like a JWT that is not one (three segments, broken base64url JSON).</summary>
    public static string Malformed() => "eyJhbGciOiJSUzI1NiJ9.sk-probe-not-json.c2lnbmF0dXJl";

    private static string Sign(string issuer, string audience, string keyId, DateTime notBefore, DateTime expires)
    {
        using RSA rsa = RSA.Create();
        rsa.KeySize = 2048;
        var key = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)) { KeyId = keyId };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(new[] { new Claim("sub", "sk-probe-forged"), new Claim("scope", "openid") }),
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object> { ["jti"] = "sk-probe-" + Guid.NewGuid().ToString("N") },
        };
        var handler = new JwtSecurityTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.WriteToken(handler.CreateJwtSecurityToken(descriptor));
    }
}
