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
/// SK-AUTH-001: the app's login URL redirects to the environment's /oauth/authorize with a correct authorization
/// request (code flow, the configured client, an allowed redirect_uri, openid, a fresh 128-bit state, PKCE S256)
/// and binds it to the browser with a safe cookie; the authorization server accepts that request.
/// </summary>
internal sealed class LoginInitiationCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-001";

    /// <summary>128 bits in base64url.</summary>
    internal const int MinStateLength = 22;

    public LoginInitiationCheck()
        : base(new CheckDefinition(
            CheckId,
            "Login initiation builds a correct authorization URL",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.Active,
            "GETs the app's login URL twice without following redirects: each must redirect to <env>/oauth/authorize with response_type=code, the configured client_id, a redirect_uri from the allowed list, a scope containing openid, a state of at least 128 bits (22 base64url characters) that differs between the two requests, PKCE code_challenge with code_challenge_method=S256 (missing PKCE: Warning), and a state/nonce cookie that is HttpOnly, Secure and SameSite. Then GETs the authorization URL once: 200 or a redirect that is not an error= redirect.",
            "Start sign-in with the Scalekit SDK's getAuthorizationUrl (or build the URL yourself) on every request: a fresh random state (and nonce) per login, PKCE with S256, scope 'openid profile email' (plus offline_access for refresh), the client id of this environment and a redirect URI registered under Dashboard › Authentication › Redirects. Keep state, nonce and the PKCE verifier in a short-lived cookie marked HttpOnly; Secure; SameSite=Lax (Strict is not sent when the identity provider redirects back).",
            new[] { "App.LoginUrl", "Environment.Url" },
            new[]
            {
                "RFC 6749 §4.1.1, §10.12 (state, CSRF)",
                "RFC 7636 (PKCE), RFC 9700 §2.1.1 (PKCE for confidential clients)",
                "Scalekit: authenticate/fsa/implement-login",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.App.LoginUrl is null ? "App.LoginUrl"
        : context.Configuration.EnvironmentUrl is null ? "Environment.Url"
        : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.App.LoginUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        string loginUrl = configuration.App.LoginUrl!;
        ResultBuilder result = context.StartResult(Definition, loginUrl);
        if (!Uri.TryCreate(loginUrl, UriKind.Absolute, out Uri? login) || !Uri.TryCreate(configuration.EnvironmentUrl, UriKind.Absolute, out Uri? environment))
        {
            return new[] { result.Error($"The login URL '{loginUrl}' or the environment URL '{configuration.EnvironmentUrl}' is not an absolute URL; give both in full.") };
        }

        LoginAttempt first = await LoginAttempt.StartAsync(context, login, cancellationToken).ConfigureAwait(false);
        result.Evidence("Login 1", first.Response.Exchange.Summary);
        if (first.AuthorizationUrl is null)
        {
            result.Fail($"The login URL answered HTTP {first.Response.StatusCode} instead of redirecting to the authorization server: sign-in cannot start.");
            return new[] { result.Build(string.Empty) };
        }

        LoginAttempt second = await LoginAttempt.StartAsync(context, login, cancellationToken).ConfigureAwait(false);
        result.Evidence("Login 2", second.Response.Exchange.Summary);
        result.Evidence("Authorization URL", first.AuthorizationUrl.GetLeftPart(UriPartial.Path));

        JudgeEndpoint(first.AuthorizationUrl, environment, result);
        JudgeParameters(configuration, first.Parameters, result);
        JudgeState(first.State, second.State, result);
        JudgePkce(first.Parameters, result);
        JudgeCookies(first.Cookies, result);

        ProbeResponse answer = await context.Probe.SendAsync(ProbeRequest.Get(first.AuthorizationUrl), cancellationToken).ConfigureAwait(false);
        result.Evidence("Authorization request", answer.Exchange.Summary);
        JudgeAuthorizationAnswer(answer, result);
        return new[] { result.Build($"The login URL redirects to {first.AuthorizationUrl.GetLeftPart(UriPartial.Path)} with a correct, fresh authorization request, and the authorization server accepts it.") };
    }

    private static void JudgeEndpoint(Uri authorization, Uri environment, ResultBuilder result)
    {
        if (!string.Equals(authorization.Host, environment.Host, StringComparison.OrdinalIgnoreCase) || authorization.Port != environment.Port)
        {
            result.Warn($"The login redirects to {authorization.Authority}, not to the environment {environment.Authority}. If that is your custom domain, configure it as Environment.Url; otherwise sign-in goes to the wrong authorization server.");
        }

        if (authorization.Scheme != Uri.UriSchemeHttps)
        {
            result.Fail($"The authorization URL is plain {authorization.Scheme}: the request and the user's sign-in travel unprotected.");
        }

        if (!string.Equals(authorization.AbsolutePath, "/oauth/authorize", StringComparison.Ordinal))
        {
            result.Fail($"The login redirects to the path {authorization.AbsolutePath}, not Scalekit's authorization endpoint /oauth/authorize.");
        }
    }

    private static void JudgeParameters(AuditConfiguration configuration, QueryParameters parameters, ResultBuilder result)
    {
        string? responseType = parameters["response_type"];
        result.Evidence("response_type", responseType ?? "(none)");
        if (responseType != "code")
        {
            result.Fail($"response_type is '{responseType ?? "(none)"}', not 'code': only the authorization code flow is safe for a web app.");
        }

        string? clientId = parameters["client_id"];
        result.Evidence("client_id", clientId ?? "(none)");
        if (configuration.ClientId is not null && !string.Equals(clientId, configuration.ClientId, StringComparison.Ordinal))
        {
            result.Fail($"client_id is '{clientId ?? "(none)"}', not the configured client '{configuration.ClientId}'.");
        }

        string? redirectUri = parameters["redirect_uri"];
        result.Evidence("redirect_uri", redirectUri ?? "(none)");
        List<string> allowed = AllowedRedirectUris(configuration);
        if (redirectUri is null)
        {
            result.Fail("The authorization URL has no redirect_uri.");
        }
        else if (allowed.Count > 0 && !allowed.Contains(redirectUri, StringComparer.Ordinal))
        {
            result.Fail($"redirect_uri '{redirectUri}' is not in the allowed list ({string.Join(", ", allowed)}): Scalekit rejects it unless it matches a registered callback byte for byte.");
        }

        string? scope = parameters["scope"];
        result.Evidence("scope", scope ?? "(none)");
        if (scope is null || !scope.Split(' ').Contains("openid", StringComparer.Ordinal))
        {
            result.Fail($"scope '{scope ?? "(none)"}' does not contain openid: no ID token is issued, so the app cannot know who signed in.");
        }
    }

    internal static List<string> AllowedRedirectUris(AuditConfiguration configuration)
    {
        var allowed = configuration.App.RedirectUris.Concat(configuration.Dashboard.AllowedCallbackUrls).ToList();
        if (configuration.App.CallbackUrl is string callback)
        {
            allowed.Add(callback);
        }

        return allowed.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void JudgeState(string? first, string? second, ResultBuilder result)
    {
        if (string.IsNullOrEmpty(first))
        {
            result.Fail("The authorization URL has no state: nothing ties the callback to this browser (login CSRF).");
            return;
        }

        result.Evidence("state length", first!.Length + " characters");
        if (first.Length < MinStateLength)
        {
            result.Fail($"state is {first.Length} characters long; it needs at least {MinStateLength} base64url characters (128 bits) so it cannot be guessed.");
        }

        if (string.Equals(first, second, StringComparison.Ordinal))
        {
            result.Fail("state is the same on two logins: a constant state protects nothing against login CSRF. Generate a fresh random state per login.");
        }
    }

    private static void JudgePkce(QueryParameters parameters, ResultBuilder result)
    {
        string? challenge = parameters["code_challenge"];
        string? method = parameters["code_challenge_method"];
        result.Evidence("code_challenge_method", method ?? "(none)");
        if (challenge is null)
        {
            result.Warn("No PKCE code_challenge: a confidential app still works, but PKCE (S256) is recommended for every client and stops code injection.");
        }
        else if (method != "S256")
        {
            result.Fail($"code_challenge_method is '{method ?? "(none, meaning plain)"}', not S256: Scalekit supports only S256, and plain offers no protection if the URL leaks.");
        }
    }

    private static void JudgeCookies(IReadOnlyList<SetCookie> cookies, ResultBuilder result)
    {
        List<SetCookie> set = cookies.Where(c => !c.Clears).ToList();
        if (set.Count == 0)
        {
            result.Fail("The login sets no cookie: the state cannot be bound to the browser that started the login.");
            return;
        }

        foreach (SetCookie cookie in set)
        {
            result.Evidence("Cookie", cookie.Describe());
            var missing = new List<string>();
            if (!cookie.HttpOnly)
            {
                missing.Add("HttpOnly");
            }

            if (!cookie.Secure)
            {
                missing.Add("Secure");
            }

            if (cookie.SameSite is null)
            {
                missing.Add("SameSite");
            }

            if (missing.Count > 0)
            {
                result.Fail($"The login cookie '{cookie.Name}' lacks {string.Join(", ", missing)}: scripts or plain-http requests can read or send the state.");
            }
            else if (string.Equals(cookie.SameSite, "Strict", StringComparison.OrdinalIgnoreCase))
            {
                result.Warn($"The login cookie '{cookie.Name}' is SameSite=Strict: browsers do not send it on the identity provider's redirect back, so the callback cannot check state. Use Lax.");
            }
        }
    }

    private static void JudgeAuthorizationAnswer(ProbeResponse answer, ResultBuilder result)
    {
        if (answer.IsRedirect)
        {
            string location = answer.Header("Location") ?? string.Empty;
            QueryParameters parameters = QueryParameters.Of(location);
            if (parameters["error"] is string error)
            {
                result.Fail($"The authorization server refused the app's request: it redirected with error={error}{(parameters["error_description"] is string d ? " (" + d + ")" : string.Empty)}.");
            }

            return;
        }

        if (answer.StatusCode != 200)
        {
            result.Fail($"The authorization server answered the app's authorization URL with HTTP {answer.StatusCode} instead of a login page: the request is invalid (unknown client or unregistered redirect_uri?).");
        }
    }
}
