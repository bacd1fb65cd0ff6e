using System;
using System.Security.Cryptography;
using System.Text;

namespace ScalekitReadiness.Monitoring;

/// <summary>
/// Signs webhook deliveries the Standard-Webhooks way, as Scalekit does: <c>webhook-signature: v1,&lt;base64
/// HMAC-SHA256 of "id.timestamp.body"&gt;</c>, keyed with the base64 part of the <c>whsec_…</c> secret.
/// </summary>
internal static class StandardWebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>Returns the <c>webhook-signature</c> value for one delivery.</summary>
    /// <exception cref="FormatException">The secret is not <c>whsec_</c> followed by base64.</exception>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        using var hmac = new HMACSHA256(Key(secret));
        byte[] mac = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + body));
        return "v1," + Convert.ToBase64String(mac);
    }

    /// <summary>Gets a value indicating whether <paramref name="secret"/> has the <c>whsec_&lt;base64&gt;</c> shape.</summary>
    public static bool IsWellFormed(string secret)
    {
        try
        {
            return Key(secret).Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret.Substring(SecretPrefix.Length) : secret);
}
