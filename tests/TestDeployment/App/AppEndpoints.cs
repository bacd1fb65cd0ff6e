using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The web app's endpoints on the app listener: the protected API, /api/me (200 with the sk_session cookie of a
/// signed-in user, 401 otherwise; it carries the app's CORS policy), and the sign-in of <see cref="AppLogin"/>.
/// </summary>
internal static class AppEndpoints
{
    public const string ProtectedApiPath = "/api/me";

    private const string AllowedMethods = "GET, POST, OPTIONS";
    private const string AllowedHeaders = "Authorization, Content-Type";

    public static void Map(RouteTable routes, DeploymentState state)
    {
        routes.Map(ProtectedApiPath, context => HandleApiAsync(context, state), HttpMethods.Get, HttpMethods.Post, HttpMethods.Options);
        AppLogin.Map(routes, state);
    }

    private static Task HandleApiAsync(HttpContext context, DeploymentState state)
    {
        CorsPolicy.Apply(context, state, withCredentials: true, exposedHeaders: null);
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.Headers.AccessControlAllowMethods = AllowedMethods;
            context.Response.Headers.AccessControlAllowHeaders = AllowedHeaders;
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        if (SessionCookie.Read(context, state) is AppSession session)
        {
            return Respond.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["sub"] = session.Subject, ["email"] = session.Email });
        }

        // A cookie-session API: no session, no Bearer challenge (it is not an OAuth protected resource).
        var body = new JsonObject { ["error"] = "unauthenticated", ["error_description"] = "Sign in first" };
        return Respond.JsonAsync(context, StatusCodes.Status401Unauthorized, body);
    }
}
