using System;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The environment's end-session endpoint, <c>GET /oidc/logout?id_token_hint=…&amp;post_logout_redirect_uri=…&amp;state=…</c>,
/// as Scalekit serves it: the hint must be an ID token this environment signed, and the redirect URI must be one of
/// the registered Post Logout URLs; then 302 back to it with the state.
/// </summary>
internal static class EndSessionEndpoint
{
    public const string Path = "/oidc/logout";

    /// <summary>The Post Logout URLs registered for the app (Dashboard › Authentication › Redirects).</summary>
    public static string[] RegisteredPostLogoutUrls(DeploymentState state) => new[] { state.Urls.AppBaseUrl + "/" };

    public static Task HandleAsync(HttpContext context, DeploymentState state)
    {
        IQueryCollection query = context.Request.Query;
        string hint = query["id_token_hint"].ToString();
        string target = query["post_logout_redirect_uri"].ToString();
        if (hint.Length == 0 || !SignedByEnvironment(state, hint))
        {
            return PageAsync(context, "id_token_hint is missing or was not issued by this environment: the session cannot be identified.");
        }

        if (Array.IndexOf(RegisteredPostLogoutUrls(state), target) < 0)
        {
            return PageAsync(context, "post_logout_redirect_uri is not a registered Post Logout URL.");
        }

        string location = query.ContainsKey("state") ? QueryHelpers.AddQueryString(target, "state", query["state"].ToString()) : target;
        Respond.Redirect(context, StatusCodes.Status302Found, location);
        return Task.CompletedTask;
    }

    private static bool SignedByEnvironment(DeploymentState state, string idToken)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = state.Urls.EnvironmentUrl,
            ValidateAudience = false,
            ValidateLifetime = false, // an expired ID token is a fine hint
            IssuerSigningKey = BearerTokenValidation.VerificationKey(state),
        };
        try
        {
            new JwtSecurityTokenHandler().ValidateToken(idToken, parameters, out _);
            return true;
        }
        catch (Exception ex) when (ex is SecurityTokenException or ArgumentException)
        {
            return false;
        }
    }

    private static Task PageAsync(HttpContext context, string message) =>
        Respond.BodyAsync(context, StatusCodes.Status400BadRequest, "text/html; charset=utf-8",
            "<!DOCTYPE html><html><head><title>Sign-out failed</title></head><body><h1>Sign-out failed</h1><p>" + WebUtility.HtmlEncode(message) + "</p></body></html>");
}
