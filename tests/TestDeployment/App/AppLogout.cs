using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The app's <c>/logout</c> (GET or POST): ends the server-side session, clears the session cookie with the
/// attributes it was set with, and redirects the browser to the environment's /oidc/logout with the session's
/// ID token as id_token_hint and a registered post_logout_redirect_uri. The SK-AUTH-070 faults break one step each.
/// </summary>
internal static class AppLogout
{
    public const string Path = "/logout";

    public static void Map(RouteTable routes, DeploymentState state) =>
        routes.Map(Path, context => LogoutAsync(context, state), HttpMethods.Get, HttpMethods.Post);

    private static Task LogoutAsync(HttpContext context, DeploymentState state)
    {
        string? sessionId = context.Request.Cookies[SessionCookie.Name];
        AppSession? session = SessionCookie.Read(context, state);
        if (sessionId is not null && !state.Has(Faults.SessionValidAfterLogout))
        {
            state.Sessions.End(sessionId);
        }

        if (!state.Has(Faults.LogoutKeepsCookie))
        {
            SessionCookie.Clear(context, state);
        }

        var parameters = new Dictionary<string, string?>();
        if (session?.IdToken is string idToken && !state.Has(Faults.LogoutWithoutIdTokenHint))
        {
            parameters["id_token_hint"] = idToken;
        }

        parameters["post_logout_redirect_uri"] = state.Has(Faults.LogoutUnregisteredPostLogoutUri)
            ? state.Urls.AppBaseUrl + "/goodbye"
            : EndSessionEndpoint.RegisteredPostLogoutUrls(state)[0];
        parameters["state"] = Sessions.RandomValue(16);
        context.Response.Headers.CacheControl = "no-store";
        Respond.Redirect(context, StatusCodes.Status302Found, QueryHelpers.AddQueryString(state.Urls.EnvironmentUrl + EndSessionEndpoint.Path, parameters));
        return Task.CompletedTask;
    }
}
