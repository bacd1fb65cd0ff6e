using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Har;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-040: every session or token cookie the app sets — seen live along its login flow, or in a HAR file an
/// admin exported after a real login — is HttpOnly, Secure and SameSite=Lax/Strict, host-only, and never a
/// script-readable JWT.
/// </summary>
internal sealed class SessionCookieCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-040";

    private readonly AuthInputs? _inputs;

    public SessionCookieCheck(AuthInputs? inputs = null)
        : base(new CheckDefinition(
            CheckId,
            "Session cookies use HttpOnly, Secure and SameSite",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.Passive,
            "Judges every Set-Cookie of the app that looks like a session or token cookie (by name: session, sid, auth, token, access, refresh, id_token, .AspNetCore., connect.sid, __Host-, __Secure-; or by a JWT or opaque value of 20+ characters), seen along the live login flow (redirects followed, cookies carried per host) or in a HAR file exported after a real login: HttpOnly, Secure and SameSite=Lax or Strict are required; SameSite=None (with Secure) is a Warning; a JWT in a cookie scripts can read is Critical; a Domain broader than the app host is a Warning; the __Host- prefix is recommended (Info). Cookie values are never shown.",
            "Set the session cookie as __Host-session=<value>; Path=/; Secure; HttpOnly; SameSite=Lax (Strict if no cross-site entry is needed), without a Domain attribute. Keep access and refresh tokens server-side (or in such a cookie), never in a cookie or storage that scripts can read. In ASP.NET Core: CookieAuthenticationOptions.Cookie.HttpOnly/SecurePolicy/SameSite; in Express: cookie: { httpOnly: true, secure: true, sameSite: 'lax' }.",
            new[] { "App.LoginUrl (or -HarPath)" },
            new[]
            {
                "RFC 6265bis §4.1.2 (Secure, HttpOnly, SameSite), §4.1.3 (cookie name prefixes)",
                "OWASP Session Management Cheat Sheet (cookie attributes)",
                "Scalekit: authenticate/fsa/manage-session (store tokens in HttpOnly cookies)",
            }))
    {
        _inputs = inputs;
    }

    public override string? MissingConfiguration(AuditContext context) =>
        _inputs?.HarPath is null && StartUrls(context).Count == 0 ? "App.LoginUrl (or -HarPath of Test-SkSessionCookie)" : null;

    public string? DefaultTarget(AuditContext context) => _inputs?.HarPath ?? StartUrls(context).FirstOrDefault();

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        if (_inputs?.HarPath is string harPath)
        {
            results.Add(JudgeHar(context, harPath));
        }

        foreach (string start in StartUrls(context))
        {
            results.Add(await JudgeLiveAsync(context, new Uri(start), cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private IReadOnlyList<string> StartUrls(AuditContext context) =>
        _inputs is not null ? _inputs.StartUrls.ToArray()
            : context.Configuration.App.LoginUrl is string login ? new[] { login } : Array.Empty<string>();

    private CheckResult JudgeHar(AuditContext context, string harPath)
    {
        ResultBuilder result = context.StartResult(Definition, harPath);
        IReadOnlyList<HarEntry> entries;
        try
        {
            entries = HarArchive.Load(harPath);
        }
        catch (HarFormatException ex)
        {
            return result.Error(ex.Message);
        }

        result.Evidence("HAR entries", entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var cookies = SessionCookieRules.FromHar(entries).ToList();
        cookies.ForEach(c => context.Redactor.AddSecret(c.Cookie.Value));
        return Judge(context, result, cookies.Select(c => (c.Cookie, c.Url)), "the HAR file",
            "No cookie is set anywhere in the HAR. Chrome's default export is sanitized (no cookies): export it with 'Export HAR (with sensitive data)', recorded during a complete login.");
    }

    private async Task<CheckResult> JudgeLiveAsync(AuditContext context, Uri start, CancellationToken cancellationToken)
    {
        ResultBuilder result = context.StartResult(Definition, start.AbsoluteUri);
        var walk = new CookieWalk(context);
        await walk.FollowAsync(ProbeRequest.Get(start).WithHeader("Accept", "text/html"), result, "Login flow", cancellationToken).ConfigureAwait(false);
        if (context.Configuration.App.ProtectedApiUrl is string api && Uri.TryCreate(api, UriKind.Absolute, out Uri? apiUrl))
        {
            await walk.FollowAsync(ProbeRequest.Get(apiUrl).WithHeader("Accept", "application/json"), result, "Protected API", cancellationToken).ConfigureAwait(false);
        }

        return Judge(context, result, walk.Seen.Select(s => (s.Cookie, (Uri?)s.Url)), "the login flow from " + start.AbsoluteUri,
            "The login flow set no session or token cookie (an interactive login page stops the walk). Log in once in a browser, export the HAR and run with -HarPath to judge the real session cookie.");
    }

    private static CheckResult Judge(AuditContext context, ResultBuilder result, IEnumerable<(ObservedCookie Cookie, Uri? Url)> cookies, string where, string noneReason)
    {
        DateTimeOffset now = context.Clock();
        int judged = 0;
        var names = new List<string>();
        foreach ((ObservedCookie cookie, Uri? url) in cookies)
        {
            if (cookie.Deletes(now) || !SessionCookieRules.IsSessionLike(cookie))
            {
                continue;
            }

            judged++;
            names.Add(cookie.Name);
            SessionCookieRules.Judge(cookie, url?.Host ?? string.Empty, result);
        }

        result.Evidence("Session cookies judged", judged == 0 ? "none" : string.Join(", ", names.Distinct()));
        if (judged == 0)
        {
            result.Warn(noneReason);
        }

        return result.Build($"Every session or token cookie in {where} ({string.Join(", ", names.Distinct())}) is HttpOnly, Secure and SameSite=Lax/Strict.");
    }
}
