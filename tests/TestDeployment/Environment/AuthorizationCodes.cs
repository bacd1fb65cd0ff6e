using System;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ScalekitReadiness.TestDeployment;

/// <summary>What an authorization code was issued for, remembered until it is redeemed or expires.</summary>
internal sealed record AuthorizationCodeGrant(
    string ClientId, string RedirectUri, string Scope, string? Nonce, string? CodeChallenge, string Subject, DateTimeOffset ExpiresAt);

/// <summary>The environment's outstanding authorization codes: single use (unless a fault says otherwise), ten minutes.</summary>
internal sealed class AuthorizationCodes
{
    /// <summary>Scalekit's codes live about ten minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, AuthorizationCodeGrant> _codes = new(StringComparer.Ordinal);

    /// <summary>Creates a fresh random code for <paramref name="grant"/>.</summary>
    public string Issue(AuthorizationCodeGrant grant)
    {
        string code = "sk_code_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        _codes[code] = grant;
        return code;
    }

    /// <summary>The grant of a live code, removed from the store unless <paramref name="keep"/>; null when unknown, used or expired.</summary>
    public AuthorizationCodeGrant? Redeem(string code, bool keep)
    {
        AuthorizationCodeGrant? grant;
        bool found = keep ? _codes.TryGetValue(code, out grant) : _codes.TryRemove(code, out grant);
        return found && grant!.ExpiresAt > DateTimeOffset.UtcNow ? grant : null;
    }
}
