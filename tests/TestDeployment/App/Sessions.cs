using System;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;

namespace ScalekitReadiness.TestDeployment;

/// <summary>A login the app started: the login cookie's id, the state, nonce and PKCE verifier it sent.</summary>
internal sealed record PendingLogin(string LoginId, string State, string Nonce, string CodeVerifier, string RedirectUri);

/// <summary>A signed-in session of the web app.</summary>
internal sealed record AppSession(string Subject, string? Email, string? IdToken, string? RefreshToken, DateTimeOffset CreatedAt);

/// <summary>
/// The web app's server-side state: logins in progress (keyed by the login cookie's id) and sessions (keyed by the
/// sk_session cookie's value).
/// </summary>
internal sealed class Sessions
{
    private readonly ConcurrentDictionary<string, PendingLogin> _logins = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AppSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>A fresh random base64url value of <paramref name="bytes"/> bytes.</summary>
    public static string RandomValue(int bytes = 32) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    public PendingLogin StartLogin(string state, string nonce, string codeVerifier, string redirectUri)
    {
        var login = new PendingLogin(RandomValue(), state, nonce, codeVerifier, redirectUri);
        _logins[login.LoginId] = login;
        return login;
    }

    public PendingLogin? FindLogin(string? loginId) =>
        loginId is not null && _logins.TryGetValue(loginId, out PendingLogin? login) ? login : null;

    /// <summary>The most recent pending login that sent <paramref name="state"/> (only a faulty callback looks logins up this way).</summary>
    public PendingLogin? FindLoginByState(string state) =>
        _logins.Values.LastOrDefault(login => string.Equals(login.State, state, StringComparison.Ordinal));

    public void EndLogin(PendingLogin login) => _logins.TryRemove(login.LoginId, out _);

    /// <summary>Stores <paramref name="session"/> and returns its new id (the sk_session cookie's value).</summary>
    public string Create(AppSession session)
    {
        string id = RandomValue();
        _sessions[id] = session;
        return id;
    }

    public AppSession? Find(string? sessionId) =>
        sessionId is not null && _sessions.TryGetValue(sessionId, out AppSession? session) ? session : null;

    /// <summary>Ends a session; false when there was none.</summary>
    public bool End(string sessionId) => _sessions.TryRemove(sessionId, out _);
}
