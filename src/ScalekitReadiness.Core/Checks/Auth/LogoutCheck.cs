using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-070: the app's logout ends the session completely — every session cookie cleared with its own Path and
/// Domain, a redirect to the environment's /oidc/logout with id_token_hint and a registered post_logout_redirect_uri,
/// and the old session refused afterwards.
/// </summary>
internal sealed class LogoutCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-070";
    private const string EndSessionPath = "/oidc/logout";

    private readonly AuthInputs? _inputs;

    public LogoutCheck(AuthInputs? inputs = null)
        : base(new CheckDefinition(
            CheckId,
            "Logout clears the session completely",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.StateChanging,
            "Gets a session (the cookie given with -SessionCookie, or one from walking the app's login flow when the environment signs in without a form), checks that it opens App.ProtectedApiUrl, then calls the app's logout URL (GET, or POST when GET is refused) with it: every session cookie must be cleared (Max-Age=0 or a past Expires) with the Path and Domain it was set with; the answer must redirect to <env>/oidc/logout with id_token_hint and a post_logout_redirect_uri that is one of Dashboard.PostLogoutUrls; and replaying the old cookie afterwards must be refused (401/403 or a redirect to login). Cookie and token values are never shown. Ends the session it used.",
            "In the logout handler: delete the server-side session, clear the session cookie with the same name, Path and Domain it was set with (Max-Age=0), and redirect the browser — not a fetch — to <env>/oidc/logout?id_token_hint=<the session's ID token>&post_logout_redirect_uri=<a URL registered under Dashboard › Authentication › Redirects › Post Logout URL>&state=<random>. Without the redirect, Scalekit's own session survives and the next login is silent.",
            new[] { "App.LogoutUrl" },
            new[]
            {
                "OpenID Connect RP-Initiated Logout 1.0 §2, §3 (id_token_hint, post_logout_redirect_uri)",
                "RFC 6265bis §5.7 (a cookie is replaced only by one of the same name, Domain and Path)",
                "Scalekit: authenticate/fsa/logout",
            }))
    {
        _inputs = inputs;
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.App.LogoutUrl is null || !Uri.TryCreate(context.Configuration.App.LogoutUrl, UriKind.Absolute, out _) ? "App.LogoutUrl" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.App.LogoutUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        var logout = new Uri(configuration.App.LogoutUrl!);
        ResultBuilder result = context.StartResult(Definition, logout.AbsoluteUri);
        var walk = new CookieWalk(context);
        IReadOnlyList<ObservedCookie> session = await ObtainSessionAsync(context, walk, logout, result, cancellationToken).ConfigureAwait(false);
        Uri? api = configuration.App.ProtectedApiUrl is string apiUrl && Uri.TryCreate(apiUrl, UriKind.Absolute, out Uri? parsed) ? parsed : null;
        bool sessionWorked = session.Count > 0 && api is not null
            && (await walk.SendAsync(ProbeRequest.Get(api).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false)) is { StatusCode: >= 200 and < 300 } before
            && Record(result, "Session before logout", before);

        ProbeResponse answer = await walk.SendAsync(ProbeRequest.Get(logout).WithHeader("Accept", "text/html"), cancellationToken).ConfigureAwait(false);
        if (answer.StatusCode == 405)
        {
            result.Evidence("Logout (GET)", answer.Exchange.Summary);
            answer = await walk.SendAsync(new ProbeRequest(HttpMethod.Post, logout) { Body = string.Empty, ContentType = "application/x-www-form-urlencoded" }, cancellationToken).ConfigureAwait(false);
        }

        result.Evidence("Logout", answer.Exchange.Summary);
        JudgeCookiesCleared(context, session, walk, logout, result);
        JudgeRedirect(configuration, answer, logout, result);
        await JudgeReplayAsync(context, session, sessionWorked, api, logout, result, cancellationToken).ConfigureAwait(false);
        return new[] { result.Build($"Logout at {logout} cleared the session cookie(s), sent the browser to {EndSessionPath} with id_token_hint and a registered post_logout_redirect_uri, and the old session is refused.") };
    }

    private static bool Record(ResultBuilder result, string name, ProbeResponse response)
    {
        result.Evidence(name, response.Exchange.Summary);
        return true;
    }

    /// <summary>The session cookies to log out with: the supplied ones, or those a walk through the login flow earned.</summary>
    private async Task<IReadOnlyList<ObservedCookie>> ObtainSessionAsync(AuditContext context, CookieWalk walk, Uri logout, ResultBuilder result, CancellationToken cancellationToken)
    {
        if (_inputs?.SessionCookie is string supplied)
        {
            foreach (string pair in supplied.Split(';').Select(p => p.Trim()).Where(p => p.Length > 0))
            {
                if (ObservedCookie.Parse(pair, "-SessionCookie") is ObservedCookie cookie)
                {
                    walk.Hold(logout, cookie);
                }
            }

            result.Evidence("Session", "from -SessionCookie: " + string.Join(", ", walk.CookiesFor(logout).Select(c => c.Name)));
            return walk.CookiesFor(logout);
        }

        if (context.Configuration.App.LoginUrl is string login && Uri.TryCreate(login, UriKind.Absolute, out Uri? loginUrl))
        {
            await walk.FollowAsync(ProbeRequest.Get(loginUrl).WithHeader("Accept", "text/html"), result, "Login flow", cancellationToken).ConfigureAwait(false);
        }

        ObservedCookie[] earned = walk.CookiesFor(logout).Where(SessionCookieRules.IsSessionLike).ToArray();
        result.Evidence("Session", earned.Length == 0
            ? "none: the login flow stopped at a sign-in form; give -SessionCookie to prove the session ends"
            : "from the login flow: " + string.Join(", ", earned.Select(c => c.Name)));
        return earned;
    }

    private static void JudgeCookiesCleared(AuditContext context, IReadOnlyList<ObservedCookie> session, CookieWalk walk, Uri logout, ResultBuilder result)
    {
        DateTimeOffset now = context.Clock();
        ObservedCookie[] setByLogout = walk.Seen.Where(s => s.Url == logout).Select(s => s.Cookie).ToArray();
        foreach (ObservedCookie cookie in session.Where(SessionCookieRules.IsSessionLike))
        {
            ObservedCookie[] deletions = setByLogout.Where(c => c.Name == cookie.Name && c.Deletes(now)).ToArray();
            if (deletions.Length == 0)
            {
                result.Fail($"Logout did not clear the session cookie '{cookie.Name}' (no Set-Cookie with Max-Age=0 or a past Expires): the browser keeps sending it.");
                continue;
            }

            // A supplied cookie's Path and Domain are unknown; the browser's default for a login cookie is Path=/ and host-only.
            string setPath = cookie.SeenAt == "-SessionCookie" ? "/" : cookie.Path ?? "/";
            string? setDomain = cookie.SeenAt == "-SessionCookie" ? null : cookie.Domain;
            bool matches = deletions.Any(d => (d.Path ?? "/") == setPath && string.Equals(d.Domain?.TrimStart('.'), setDomain?.TrimStart('.'), StringComparison.OrdinalIgnoreCase));
            if (!matches)
            {
                ObservedCookie deletion = deletions[0];
                result.Fail($"Logout clears '{cookie.Name}' with Path={deletion.Path ?? "(none)"}{(deletion.Domain is null ? string.Empty : ", Domain=" + deletion.Domain)}, but it was set with Path={setPath}{(setDomain is null ? string.Empty : ", Domain=" + setDomain)}: that deletes another cookie, and the browser keeps the session.");
            }
        }
    }

    private static void JudgeRedirect(AuditConfiguration configuration, ProbeResponse answer, Uri logout, ResultBuilder result)
    {
        string? location = answer.Header("Location");
        if (!answer.IsRedirect || location is null || !Uri.TryCreate(logout, location, out Uri? target))
        {
            result.Fail($"Logout answered HTTP {answer.StatusCode} without a redirect to the environment's {EndSessionPath}: Scalekit's session stays alive, so the next login signs the user in silently.");
            return;
        }

        Uri? environment = configuration.EnvironmentUrl is string env && Uri.TryCreate(env, UriKind.Absolute, out Uri? e) ? e : null;
        result.Evidence("Logout redirect", target.GetLeftPart(UriPartial.Path));
        bool endSession = target.AbsolutePath == EndSessionPath
            && (environment is null || string.Equals(target.Authority, environment.Authority, StringComparison.OrdinalIgnoreCase));
        if (!endSession)
        {
            result.Fail($"Logout redirects to {target.GetLeftPart(UriPartial.Path)}, not to the environment's {EndSessionPath}: Scalekit's session stays alive, so the next login signs the user in silently.");
            return;
        }

        QueryParameters query = QueryParameters.Of(target.AbsoluteUri);
        result.Evidence("End-session parameters", string.Join(", ", query.Pairs.Select(p => p.Key)));
        if (string.IsNullOrEmpty(query["id_token_hint"]))
        {
            result.Fail($"The redirect to {EndSessionPath} has no id_token_hint: the environment cannot tell which session to end (Scalekit requires it).");
        }

        string? back = query["post_logout_redirect_uri"];
        if (string.IsNullOrEmpty(back))
        {
            result.Fail($"The redirect to {EndSessionPath} has no post_logout_redirect_uri: the user is left on the environment's page instead of returning to the app.");
        }
        else if (configuration.Dashboard.PostLogoutUrls.Count == 0)
        {
            result.Warn($"post_logout_redirect_uri is {back}, but Dashboard.PostLogoutUrls is not configured, so it cannot be compared with the registered Post Logout URLs.");
        }
        else if (!configuration.Dashboard.PostLogoutUrls.Contains(back, StringComparer.Ordinal))
        {
            result.Fail($"post_logout_redirect_uri {back} is not one of the dashboard's Post Logout URLs ({string.Join(", ", configuration.Dashboard.PostLogoutUrls)}): Scalekit refuses the logout.");
        }
    }

    private static async Task JudgeReplayAsync(AuditContext context, IReadOnlyList<ObservedCookie> session, bool sessionWorked, Uri? api, Uri logout, ResultBuilder result, CancellationToken cancellationToken)
    {
        if (session.Count == 0 || api is null)
        {
            result.Evidence("Replay after logout", session.Count == 0 ? "not tried: no session" : "not tried: App.ProtectedApiUrl is not configured");
            return;
        }

        if (!sessionWorked)
        {
            result.Evidence("Replay after logout", "not judged: the session did not open " + api + " before logout either");
            return;
        }

        var request = ProbeRequest.Get(api).WithHeader("Accept", "application/json")
            .WithHeader("Cookie", string.Join("; ", session.Select(c => c.Name + "=" + c.Value)));
        ProbeResponse replay = await context.Probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
        result.Evidence("Replay after logout", replay.Exchange.Summary);
        if (replay.StatusCode is >= 200 and < 300)
        {
            result.Fail($"The session cookie from before logout still opens {api} (HTTP {replay.StatusCode}): logout only told the browser to forget it; a copied cookie keeps working. End the session on the server.");
        }
    }
}
