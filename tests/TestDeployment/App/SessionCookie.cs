using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The app's session cookie, <c>sk_session</c>: HttpOnly, Secure, SameSite=Lax, Path=/, host-only. The SK-AUTH-040
/// faults drop or change one attribute each, or add a script-readable cookie holding the session's ID token (a JWT).
/// </summary>
internal static class SessionCookie
{
    public const string Name = "sk_session";

    /// <summary>The script-readable cookie of <see cref="Faults.CookieJwtScriptReadable"/>.</summary>
    public const string TokenCookieName = "sk_id_token";

    /// <summary>Sets the cookie to <paramref name="sessionId"/>.</summary>
    public static void Set(HttpContext context, DeploymentState state, string sessionId)
    {
        context.Response.Headers.Append("Set-Cookie", Name + "=" + sessionId + Attributes(context, state));
        if (state.Has(Faults.CookieJwtScriptReadable) && state.Sessions.Find(sessionId)?.IdToken is string idToken)
        {
            context.Response.Headers.Append("Set-Cookie", TokenCookieName + "=" + idToken + "; Path=/; Secure; SameSite=Lax");
        }
    }

    /// <summary>Deletes the cookie: same name, Path and Domain, Max-Age=0 (the wrong-path fault clears another Path).</summary>
    public static void Clear(HttpContext context, DeploymentState state)
    {
        string path = state.Has(Faults.LogoutCookieWrongPath) ? "; Path=/auth" : "; Path=/";
        context.Response.Headers.Append("Set-Cookie", Name + "=" + path + "; Max-Age=0; HttpOnly; Secure; SameSite=Lax" + Domain(context, state));
        if (state.Has(Faults.CookieJwtScriptReadable))
        {
            context.Response.Headers.Append("Set-Cookie", TokenCookieName + "=; Path=/; Max-Age=0; Secure; SameSite=Lax");
        }
    }

    /// <summary>The session the request's cookie names, or null.</summary>
    public static AppSession? Read(HttpContext context, DeploymentState state) =>
        state.Sessions.Find(context.Request.Cookies[Name]);

    private static string Attributes(HttpContext context, DeploymentState state) =>
        "; Path=/"
        + (state.Has(Faults.CookieNoHttpOnly) ? string.Empty : "; HttpOnly")
        + (state.Has(Faults.CookieNoSecure) ? string.Empty : "; Secure")
        + (state.Has(Faults.CookieNoSameSite) ? string.Empty : state.Has(Faults.CookieSameSiteNone) ? "; SameSite=None" : "; SameSite=Lax")
        + Domain(context, state);

    /// <summary>The parent of the request's host (127.0.0.1 → 0.0.1, app.localhost → localhost) under the broad-domain fault.</summary>
    private static string Domain(HttpContext context, DeploymentState state)
    {
        if (!state.Has(Faults.CookieDomainBroad))
        {
            return string.Empty;
        }

        string host = context.Request.Host.Host;
        int dot = host.IndexOf('.', System.StringComparison.Ordinal);
        return dot > 0 ? "; Domain=" + host[(dot + 1)..] : "; Domain=" + host;
    }
}
