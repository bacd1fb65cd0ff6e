using System;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ScalekitReadiness.TestDeployment;

/// <summary>What a refresh token stands for: the client, the user and the scope of the original grant.</summary>
internal sealed record RefreshTokenGrant(string ClientId, string Subject, string Scope, DateTimeOffset ExpiresAt);

/// <summary>
/// The environment's live refresh tokens (issued only when offline_access was requested). The refresh_token grant
/// redeems one with <see cref="Redeem"/> and issues its successor with <see cref="Issue"/> (rotation).
/// </summary>
internal sealed class RefreshTokens
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, RefreshTokenGrant> _tokens = new(StringComparer.Ordinal);

    public string Issue(RefreshTokenGrant grant)
    {
        string token = "sk_rt_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = grant;
        return token;
    }

    /// <summary>The grant of a live token, removed from the store unless <paramref name="keep"/>; null when unknown, used or expired.</summary>
    public RefreshTokenGrant? Redeem(string token, bool keep = false)
    {
        RefreshTokenGrant? grant;
        bool found = keep ? _tokens.TryGetValue(token, out grant) : _tokens.TryRemove(token, out grant);
        return found && grant!.ExpiresAt > DateTimeOffset.UtcNow ? grant : null;
    }
}
