using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The environment's authorization endpoint (<c>GET /oauth/authorize</c>) for the web app's client (the environment
/// client, as in Scalekit full-stack auth). Exact redirect URI matching; PKCE S256 when a challenge is sent (the
/// client is confidential, so PKCE is optional). The test user is always signed in: a valid request is answered at
/// once with a redirect carrying a code, so scripts need no browser.
/// </summary>
internal static class AuthorizeEndpoint
{
    public const string Path = "/oauth/authorize";

    /// <summary>The fixed test user every code is issued for.</summary>
    public const string TestUserSubject = "usr_100000000000000001";

    public const string TestUserEmail = "alice@example.test";

    /// <summary>The redirect URIs registered for the environment client: the app's callback, and its localhost twin.</summary>
    public static IReadOnlyList<string> RegisteredRedirectUris(DeploymentState state) =>
    [
        state.Urls.AppBaseUrl + AppLogin.CallbackPath,
        "https://localhost:" + new Uri(state.Urls.AppBaseUrl).Port + AppLogin.CallbackPath,
    ];

    public static Task HandleAsync(HttpContext context, DeploymentState state)
    {
        IQueryCollection query = context.Request.Query;
        string clientId = query["client_id"].ToString();
        string redirectUri = query["redirect_uri"].ToString();

        // Errors about the client or the redirect URI must never redirect (RFC 6749 §4.1.2.1): show a page.
        if (!string.Equals(clientId, state.ClientId, StringComparison.Ordinal))
        {
            return ErrorPageAsync(context, "invalid_client", "Unknown client_id.");
        }

        if (!RegisteredRedirectUris(state).Any(registered => RedirectUriMatches(redirectUri, registered, state)))
        {
            return ErrorPageAsync(context, "invalid_request", "The redirect_uri is not registered for this client.");
        }

        string stateParameter = query["state"].ToString();
        if (query["response_type"].ToString() != "code")
        {
            return RedirectAsync(context, redirectUri, ("error", "unsupported_response_type"), ("state", stateParameter));
        }

        string challenge = query["code_challenge"].ToString();
        if (challenge.Length > 0 && query["code_challenge_method"].ToString() != "S256")
        {
            return RedirectAsync(context, redirectUri, ("error", "invalid_request"), ("error_description", "Only code_challenge_method=S256 is supported."), ("state", stateParameter));
        }

        string nonce = query["nonce"].ToString();
        var grant = new AuthorizationCodeGrant(
            clientId,
            redirectUri,
            query["scope"].ToString(),
            nonce.Length > 0 ? nonce : null,
            challenge.Length > 0 ? challenge : null,
            TestUserSubject,
            DateTimeOffset.UtcNow + AuthorizationCodes.Lifetime);
        string code = state.AuthorizationCodes.Issue(grant);
        return RedirectAsync(context, redirectUri, ("code", code), ("state", stateParameter));
    }

    /// <summary>Exact, ordinal comparison unless a redirect-matching fault loosens it.</summary>
    internal static bool RedirectUriMatches(string candidate, string registered, DeploymentState state)
    {
        if (string.Equals(candidate, registered, StringComparison.Ordinal))
        {
            return true;
        }

        if (state.Has(Faults.RedirectPrefixMatch) && candidate.StartsWith(registered, StringComparison.Ordinal))
        {
            return true;
        }

        if (state.Has(Faults.RedirectTrailingSlashTolerant)
            && string.Equals(candidate.TrimEnd('/'), registered.TrimEnd('/'), StringComparison.Ordinal))
        {
            return true;
        }

        if (state.Has(Faults.RedirectCaseInsensitiveHost))
        {
            (string candidateOrigin, string candidateRest) = SplitOrigin(candidate);
            (string registeredOrigin, string registeredRest) = SplitOrigin(registered);
            return string.Equals(candidateOrigin, registeredOrigin, StringComparison.OrdinalIgnoreCase)
                && string.Equals(candidateRest, registeredRest, StringComparison.Ordinal);
        }

        return false;
    }

    private static (string Origin, string PathAndQuery) SplitOrigin(string uri)
    {
        int schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        int pathStart = schemeEnd < 0 ? -1 : uri.IndexOf('/', schemeEnd + 3);
        return pathStart < 0 ? (uri, string.Empty) : (uri[..pathStart], uri[pathStart..]);
    }

    private static Task RedirectAsync(HttpContext context, string redirectUri, params (string Name, string Value)[] parameters)
    {
        string location = redirectUri;
        foreach ((string name, string value) in parameters)
        {
            if (value.Length > 0)
            {
                location = QueryHelpers.AddQueryString(location, name, value);
            }
        }

        context.Response.Headers.CacheControl = "no-store";
        Respond.Redirect(context, StatusCodes.Status302Found, location);
        return Task.CompletedTask;
    }

    private static Task ErrorPageAsync(HttpContext context, string error, string description)
    {
        string html = "<!DOCTYPE html><html><head><title>Sign-in error</title></head><body><h1>Sign-in error</h1><p>"
            + WebUtility.HtmlEncode(error) + ": " + WebUtility.HtmlEncode(description) + "</p></body></html>";
        return Respond.BodyAsync(context, StatusCodes.Status400BadRequest, "text/html; charset=utf-8", html);
    }
}
