using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Auth;

/// <summary>
/// One GET of the app's login URL, not followed: the authorization URL it redirects to, that URL's parameters and
/// the cookies the app set (its state/nonce cookie). Shared by SK-AUTH-001 and SK-AUTH-030.
/// </summary>
internal sealed class LoginAttempt
{
    private LoginAttempt(ProbeResponse response, Uri? authorizationUrl, IReadOnlyList<SetCookie> cookies)
    {
        Response = response;
        AuthorizationUrl = authorizationUrl;
        Parameters = authorizationUrl is null ? QueryParameters.Of(string.Empty) : QueryParameters.Of(authorizationUrl.OriginalString);
        Cookies = cookies;
    }

    public ProbeResponse Response { get; }

    /// <summary>Gets the absolute Location of the login redirect, or null when the app did not redirect.</summary>
    public Uri? AuthorizationUrl { get; }

    public QueryParameters Parameters { get; }

    public IReadOnlyList<SetCookie> Cookies { get; }

    public string? State => Parameters["state"];

    /// <summary>Gets the Cookie header that sends this login's cookies back, or null.</summary>
    public string? CookieHeader => SetCookie.CookieHeader(Cookies);

    public static async Task<LoginAttempt> StartAsync(AuditContext context, Uri loginUrl, CancellationToken cancellationToken)
    {
        ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(loginUrl), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SetCookie> cookies = SetCookie.AllOf(response.HeaderValues("Set-Cookie"));
        foreach (SetCookie cookie in cookies)
        {
            context.Redactor.AddSecret(cookie.Value);
        }

        Uri? location = null;
        if (response.IsRedirect && response.Header("Location") is string value)
        {
            Uri.TryCreate(loginUrl, value, out location);
        }

        return new LoginAttempt(response, location, cookies);
    }

    /// <summary>
    /// GETs the authorization URL. When the authorization server answers at once with a redirect to
    /// <paramref name="callbackUrl"/> carrying a code for this login's state (the browser is already signed in, as in
    /// the test deployment), returns that code; otherwise null. The Location is read, never visited.
    /// </summary>
    public async Task<(ProbeResponse? Response, string? Code)> RequestCodeAsync(AuditContext context, Uri callbackUrl, CancellationToken cancellationToken)
    {
        if (AuthorizationUrl is null)
        {
            return (null, null);
        }

        ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(AuthorizationUrl), cancellationToken).ConfigureAwait(false);
        string? location = response.IsRedirect ? response.Header("Location") : null;
        if (location is null || !location.StartsWith(callbackUrl.GetLeftPart(UriPartial.Path), StringComparison.Ordinal))
        {
            return (response, null);
        }

        QueryParameters answer = QueryParameters.Of(location);
        string? code = answer["code"];
        if (code is null || !string.Equals(answer["state"], State, StringComparison.Ordinal))
        {
            return (response, null);
        }

        context.Redactor.AddSecret(code);
        return (response, code);
    }
}
