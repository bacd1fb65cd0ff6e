using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The app's session cookie, <c>sk_session</c>: HttpOnly, Secure, SameSite=Lax, Path=/.</summary>
internal static class SessionCookie
{
    public const string Name = "sk_session";

    /// <summary>Sets the cookie to <paramref name="sessionId"/>.</summary>
    public static void Set(HttpContext context, DeploymentState state, string sessionId)
    {
        _ = state; // Faults of the session cookie (SK-AUTH-040) read the state here.
        context.Response.Headers.Append("Set-Cookie", Name + "=" + sessionId + "; Path=/; HttpOnly; Secure; SameSite=Lax");
    }

    /// <summary>The session the request's cookie names, or null.</summary>
    public static AppSession? Read(HttpContext context, DeploymentState state) =>
        state.Sessions.Find(context.Request.Cookies[Name]);
}
