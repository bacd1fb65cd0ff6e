using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-030: the app's callback refuses a code that arrives (a) without state, (b) with a forged state, or
/// (c) with the state of a fresh login but without that login's cookie — no 5xx, no session, no unescaped reflection.
/// When the authorization server hands out a code at once (an already signed-in browser, as in a test environment),
/// real codes are used, so a callback that skips the state check is caught creating a session.
/// </summary>
internal sealed class CallbackStateCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-030";

    public CallbackStateCheck()
        : base(new CheckDefinition(
            CheckId,
            "Callback validates state (CSRF)",
            CheckSection.CoreAuthFlows,
            Severity.Critical,
            Safety.Active,
            "GETs the app's callback with a code and (a) no state, (b) a forged state carrying an HTML marker, (c) the state of a fresh login (App.LoginUrl) but without its cookie. Each must be refused (4xx, or a redirect to an error or login page), must not set a session cookie, must not answer 5xx and must not reflect the input unescaped. When the authorization server redirects a fresh login straight back with a code, that real code is used.",
            "In the callback, compare the state parameter with the value stored in the login cookie (or server session bound to it) before redeeming the code, and refuse when either is missing or they differ; then delete the stored state so it cannot be replayed. Show a friendly error page that escapes everything it echoes and never create a session on that path. The Scalekit SDKs leave this check to the app.",
            new[] { "App.CallbackUrl" },
            new[]
            {
                "RFC 6749 §10.12 (CSRF), RFC 9700 §4.7",
                "OpenID Connect Core 1.0 §3.1.2.7",
                "Scalekit: authenticate/fsa/complete-login",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.App.CallbackUrl is null ? "App.CallbackUrl" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.App.CallbackUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        string callbackUrl = configuration.App.CallbackUrl!;
        ResultBuilder result = context.StartResult(Definition, callbackUrl);
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out Uri? callback))
        {
            return new[] { result.Error($"The callback URL '{callbackUrl}' is not an absolute URL.") };
        }

        Uri? login = configuration.App.LoginUrl is string loginUrl && Uri.TryCreate(loginUrl, UriKind.Absolute, out Uri? parsed) ? parsed : null;
        LoginAttempt? first = null;
        LoginAttempt? second = null;
        string? firstCode = null;
        string? secondCode = null;
        if (login is not null)
        {
            first = await LoginAttempt.StartAsync(context, login, cancellationToken).ConfigureAwait(false);
            second = await LoginAttempt.StartAsync(context, login, cancellationToken).ConfigureAwait(false);
            result.Evidence("Login 1", first.Response.Exchange.Summary);
            result.Evidence("Login 2", second.Response.Exchange.Summary);
            firstCode = await RequestCodeAsync(context, first, callback, "Authorization 1", result, cancellationToken).ConfigureAwait(false);
            secondCode = await RequestCodeAsync(context, second, callback, "Authorization 2", result, cancellationToken).ConfigureAwait(false);
        }

        result.Evidence("Codes", firstCode is not null && secondCode is not null
            ? "real codes: the authorization server redirected the fresh logins straight back"
            : "made-up codes: a callback that skips the state check but then fails the exchange looks the same as one that checks it");

        string forged = "sk-probe-state-" + ErrorPageInspector.NewMarker();
        string fakeCode = "sk-probe-fake-code-" + Pkce.RandomValue(12);
        IReadOnlyList<string> loginCookies = (first?.Cookies ?? Array.Empty<SetCookie>()).Concat(second?.Cookies ?? Array.Empty<SetCookie>())
            .Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList();

        await ProbeCaseAsync(context, "(a) no state", callback, firstCode ?? fakeCode, null, first?.CookieHeader, forged, loginCookies, result, cancellationToken).ConfigureAwait(false);
        await ProbeCaseAsync(context, "(b) forged state", callback, firstCode ?? fakeCode, forged, first?.CookieHeader, forged, loginCookies, result, cancellationToken).ConfigureAwait(false);
        if (second?.State is string freshState)
        {
            await ProbeCaseAsync(context, "(c) state without its cookie", callback, secondCode ?? fakeCode, freshState, null, forged, loginCookies, result, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            result.Warn(login is null
                ? "Case (c), a fresh login's state without its cookie, was not probed: configure App.LoginUrl (-LoginUrl)."
                : "Case (c) was not probed: the login URL did not redirect with a state.");
        }

        return new[] { result.Build("The callback refuses a missing, a forged and an unbound state without a session, a server error or reflected input.") };
    }

    private static async Task<string?> RequestCodeAsync(AuditContext context, LoginAttempt attempt, Uri callback, string label, ResultBuilder result, CancellationToken cancellationToken)
    {
        (ProbeResponse? response, string? code) = await attempt.RequestCodeAsync(context, callback, cancellationToken).ConfigureAwait(false);
        if (response is not null)
        {
            result.Evidence(label, response.Exchange.Summary);
        }

        return code;
    }

    private static async Task ProbeCaseAsync(
        AuditContext context,
        string label,
        Uri callback,
        string code,
        string? state,
        string? cookieHeader,
        string forged,
        IReadOnlyList<string> loginCookies,
        ResultBuilder result,
        CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("code", code) };
        if (state is not null)
        {
            parameters.Add(new KeyValuePair<string, string>("state", state));
        }

        var request = ProbeRequest.Get(new Uri(callback.GetLeftPart(UriPartial.Path) + "?" + QueryParameters.Encode(parameters)));
        if (cookieHeader is not null)
        {
            request.WithHeader("Cookie", cookieHeader);
        }

        ProbeResponse response = await context.Probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
        result.Evidence("Callback " + label, response.Exchange.Summary);
        List<SetCookie> created = SetCookie.AllOf(response.HeaderValues("Set-Cookie"))
            .Where(c => !c.Clears && !loginCookies.Contains(c.Name, StringComparer.Ordinal))
            .ToList();
        foreach (SetCookie cookie in created)
        {
            context.Redactor.AddSecret(cookie.Value);
        }

        if (created.Count > 0)
        {
            result.Fail($"{label}: the callback set the cookie(s) {string.Join(", ", created.Select(c => "'" + c.Name + "'"))} (HTTP {response.StatusCode}): it signed the browser in without a valid state — login CSRF.");
        }
        else if (response.StatusCode >= 500)
        {
            result.Fail($"{label}: the callback answered HTTP {response.StatusCode}; a bad state must be refused with a 4xx or an error page, not crash.");
        }
        else if (response.StatusCode is >= 200 and < 300)
        {
            result.Fail($"{label}: the callback answered HTTP {response.StatusCode} instead of refusing (4xx, or a redirect to an error or login page).");
        }

        if (ErrorPageInspector.ReflectsUnescaped(response.BodyText, forged))
        {
            result.Fail($"{label}: the callback echoes the forged state into its page without HTML escaping (reflected XSS).");
        }
    }
}
