using System;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The web app's sign-in: <c>/login</c> redirects to the environment's authorize endpoint with state, nonce and PKCE
/// S256, remembering them under a login cookie; <c>/auth/callback</c> checks state against that cookie, redeems the
/// code over the (in-process) back channel, checks the ID token's nonce and sets the sk_session cookie.
/// </summary>
internal static class AppLogin
{
    public const string LoginPath = "/login";
    public const string CallbackPath = "/auth/callback";
    public const string LoginCookieName = "sk_login";
    public const string Scope = "openid profile email offline_access";

    /// <summary>The state the faulty app sends every time (long enough, but never changes).</summary>
    private const string ConstantState = "c29tZS1jb25zdGFudC1zdGF0ZS12YWx1ZQ";

    private const string HtmlContentType = "text/html; charset=utf-8";

    public static void Map(RouteTable routes, DeploymentState state)
    {
        routes.Map(LoginPath, context => LoginAsync(context, state), HttpMethods.Get);
        routes.Map(CallbackPath, context => CallbackAsync(context, state), HttpMethods.Get);
    }

    private static Task LoginAsync(HttpContext context, DeploymentState state)
    {
        string stateValue = state.Has(Faults.LoginStateConstant) ? ConstantState
            : state.Has(Faults.LoginStateShort) ? Sessions.RandomValue(6)
            : Sessions.RandomValue();
        string redirectUri = state.Urls.AppBaseUrl + (state.Has(Faults.LoginUnregisteredRedirect) ? "/callback" : CallbackPath);
        PendingLogin login = state.Sessions.StartLogin(stateValue, Sessions.RandomValue(16), Sessions.RandomValue(), redirectUri);

        var parameters = new System.Collections.Generic.Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = state.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = state.Has(Faults.LoginNoOpenId) ? "profile email offline_access" : Scope,
            ["state"] = login.State,
            ["nonce"] = login.Nonce,
        };
        if (!state.Has(Faults.LoginNoPkce))
        {
            parameters["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(login.CodeVerifier)));
            parameters["code_challenge_method"] = "S256";
        }

        string flags = state.Has(Faults.LoginStateCookieInsecure) ? string.Empty : "; HttpOnly; Secure; SameSite=Lax";
        context.Response.Headers.Append("Set-Cookie", LoginCookieName + "=" + login.LoginId + "; Path=/; Max-Age=600" + flags);
        context.Response.Headers.CacheControl = "no-store";
        Respond.Redirect(context, StatusCodes.Status302Found, QueryHelpers.AddQueryString(state.Urls.EnvironmentUrl + AuthorizeEndpoint.Path, parameters));
        return Task.CompletedTask;
    }

    private static Task CallbackAsync(HttpContext context, DeploymentState state)
    {
        IQueryCollection query = context.Request.Query;
        context.Response.Headers.CacheControl = "no-store";
        if (query.ContainsKey("error"))
        {
            return IdentityProviderErrorAsync(context, state, query["error"].ToString(), query["error_description"].ToString());
        }

        string stateParameter = query["state"].ToString();
        PendingLogin? login = FindLogin(context, state, stateParameter);
        if (login is null)
        {
            return RefuseStateAsync(context, state, stateParameter);
        }

        state.Sessions.EndLogin(login);
        TokenAnswer answer = AuthorizationCodeExchange.Exchange(state, state.ClientId, query["code"].ToString(), login.RedirectUri, login.CodeVerifier);
        if (!answer.Succeeded)
        {
            return PageAsync(context, StatusCodes.Status400BadRequest, "Sign-in failed", "The sign-in could not be completed. Please start again.");
        }

        string? idToken = answer.Body["id_token"]?.GetValue<string>();
        JsonObject? idClaims = idToken is null ? null : Payload(idToken);
        if (idClaims is not null && idClaims["nonce"]?.GetValue<string>() != login.Nonce)
        {
            return PageAsync(context, StatusCodes.Status400BadRequest, "Sign-in failed", "The sign-in response was not for this request. Please start again.");
        }

        string sessionId = state.Sessions.Create(new AppSession(
            idClaims?["sub"]?.GetValue<string>() ?? AuthorizeEndpoint.TestUserSubject,
            idClaims?["email"]?.GetValue<string>(),
            idToken,
            answer.Body["refresh_token"]?.GetValue<string>(),
            DateTimeOffset.UtcNow));
        SessionCookie.Set(context, state, sessionId);
        context.Response.Headers.Append("Set-Cookie", LoginCookieName + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
        Respond.Redirect(context, StatusCodes.Status302Found, "/");
        return Task.CompletedTask;
    }

    /// <summary>The login this callback completes: bound to the browser by the login cookie, unless a fault loosens it.</summary>
    private static PendingLogin? FindLogin(HttpContext context, DeploymentState state, string stateParameter)
    {
        PendingLogin? byCookie = state.Sessions.FindLogin(context.Request.Cookies[LoginCookieName]);
        if (state.Has(Faults.CallbackIgnoresState))
        {
            return byCookie ?? state.Sessions.FindLoginByState(stateParameter);
        }

        if (state.Has(Faults.CallbackStateWithoutCookie))
        {
            return stateParameter.Length == 0 ? null : state.Sessions.FindLoginByState(stateParameter);
        }

        return byCookie is not null && stateParameter.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(byCookie.State), Encoding.UTF8.GetBytes(stateParameter))
            ? byCookie
            : null;
    }

    private static Task RefuseStateAsync(HttpContext context, DeploymentState state, string stateParameter)
    {
        if (state.Has(Faults.CallbackState500))
        {
            return Respond.TextAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
        }

        string detail = "This sign-in link is invalid or has expired. Please start again.";
        if (state.Has(Faults.CallbackStateReflected))
        {
            return PageAsync(context, StatusCodes.Status400BadRequest, "Sign-in failed", detail, rawHtml: "<p>Unknown state: " + stateParameter + "</p>");
        }

        return PageAsync(context, StatusCodes.Status400BadRequest, "Sign-in failed", detail);
    }

    private static Task IdentityProviderErrorAsync(HttpContext context, DeploymentState state, string error, string description)
    {
        if (state.Has(Faults.CallbackError500))
        {
            return Respond.TextAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error");
        }

        string message = error == "access_denied" ? "You cancelled the sign-in." : "The identity provider could not sign you in.";
        string extra = state.Has(Faults.CallbackErrorUnescaped)
            ? "<p>" + description + "</p>"
            : "<p>" + WebUtility.HtmlEncode(description) + "</p>";
        if (state.Has(Faults.CallbackErrorStackTrace))
        {
            extra += "<pre>System.InvalidOperationException: " + WebUtility.HtmlEncode(error) + "\n"
                + "   at System.Runtime.CompilerServices.TaskAwaiter.ThrowForNonSuccess(Task task)\n"
                + "   at Acme.Web.AuthController.Callback(String code, String state) in /src/Acme.Web/AuthController.cs:line 42</pre>";
        }

        return PageAsync(context, StatusCodes.Status400BadRequest, "Sign-in failed", message, extra);
    }

    private static Task PageAsync(HttpContext context, int status, string title, string message, string rawHtml = "")
    {
        string html = "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>"
            + WebUtility.HtmlEncode(message) + "</p>" + rawHtml + "<p><a href=\"" + LoginPath + "\">Sign in again</a></p></body></html>";
        return Respond.BodyAsync(context, status, HtmlContentType, html);
    }

    private static JsonObject? Payload(string jwt)
    {
        string[] parts = jwt.Split('.');
        return parts.Length == 3 ? JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))?.AsObject() : null;
    }
}
