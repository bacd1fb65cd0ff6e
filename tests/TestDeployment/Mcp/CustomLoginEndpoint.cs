using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The app's bring-your-own-auth login endpoint (Scalekit › MCP server › custom auth): Scalekit sends the user here
/// with <c>login_request_id</c> and <c>state</c>; the app signs the user in (here: a test user, at once), hands the
/// user to Scalekit and redirects to the partner callback with the same <c>state</c>. An unknown login request is
/// refused with 400, without a session.
/// </summary>
internal static class CustomLoginEndpoint
{
    public const string Path = "/custom-login";

    private const string SessionCookie = "app_session";

    public static void Map(RouteTable routes, DeploymentState state) =>
        routes.Map(Path, context => HandleAsync(context, state), HttpMethods.Get);

    private static Task HandleAsync(HttpContext context, DeploymentState state)
    {
        string loginRequestId = context.Request.Query["login_request_id"].ToString();
        string handOffState = context.Request.Query["state"].ToString();
        bool legitimate = state.Mcp.LoginRequests.TryGetValue(loginRequestId, out string? expectedState)
            && string.Equals(expectedState, handOffState, StringComparison.Ordinal);

        if (!legitimate && state.Has(Faults.CustomLoginMadeUp500))
        {
            return Respond.TextAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
        }

        if (!legitimate && !state.Has(Faults.CustomLoginAcceptsMadeUp))
        {
            if (state.Has(Faults.CustomLoginMadeUpSession))
            {
                SetSession(context);
            }

            return Respond.TextAsync(context, StatusCodes.Status400BadRequest, "Unknown or expired login request.");
        }

        // The test user signs in at once; the user is handed to Scalekit and the browser goes back with the state.
        SetSession(context);
        string returned = state.Has(Faults.CustomLoginDropsState) ? handOffState + "x" : handOffState;
        string callback = state.Urls.EnvironmentUrl + "/sso/v1/connections/" + McpAuthorizationServer.CustomConnectionId
            + "/partner:callback?state=" + Uri.EscapeDataString(returned);
        Respond.Redirect(context, StatusCodes.Status302Found, callback);
        return Task.CompletedTask;
    }

    private static void SetSession(HttpContext context) =>
        context.Response.Cookies.Append(
            SessionCookie,
            Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
            new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax, Path = "/" });
}
