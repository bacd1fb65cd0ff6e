using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace ScalekitReadiness.Auth;

/// <summary>Random values for probes: PKCE verifiers and challenges (RFC 7636), state and nonce.</summary>
internal static class Pkce
{
    /// <summary>A fresh base64url string of <paramref name="bytes"/> random bytes (32 bytes = a 43-character PKCE verifier).</summary>
    public static string RandomValue(int bytes = 32)
    {
        byte[] buffer = new byte[bytes];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(buffer);
        }

        return Base64UrlEncoder.Encode(buffer);
    }

    /// <summary>The S256 code_challenge of <paramref name="verifier"/>.</summary>
    public static string S256Challenge(string verifier)
    {
        using SHA256 sha = SHA256.Create();
        return Base64UrlEncoder.Encode(sha.ComputeHash(Encoding.ASCII.GetBytes(verifier)));
    }
}
