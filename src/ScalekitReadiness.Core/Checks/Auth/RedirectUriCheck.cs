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

/// <summary>Which halves of SK-AUTH-010 run.</summary>
internal enum RedirectUriProbeMode
{
    /// <summary>Offline judgement, then the live probe when the environment and client id are configured (the audit).</summary>
    OfflineAndLive,

    /// <summary>Only the offline judgement: nothing is sent.</summary>
    Offline,

    /// <summary>Only the live probe of the authorization server.</summary>
    Live,
}

/// <summary>
/// SK-AUTH-010: the redirect URIs the app uses are registered byte for byte and fit for production (offline), and the
/// authorization server refuses every variant of a registered URI while accepting the URI itself (live). The live
/// probe records where the server redirects; it never visits a variant.
/// </summary>
internal sealed class RedirectUriCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-010";

    private readonly RedirectUriProbeMode _mode;

    public RedirectUriCheck()
        : this(RedirectUriProbeMode.OfflineAndLive)
    {
    }

    public RedirectUriCheck(RedirectUriProbeMode mode)
        : base(new CheckDefinition(
            CheckId,
            "Redirect URIs match the dashboard exactly",
            CheckSection.CoreAuthFlows,
            Severity.Critical,
            Safety.Active,
            "Offline: every redirect URI the app uses (App.RedirectUris) is in the dashboard's Allowed Callback URLs byte for byte, near misses named (trailing slash, letter case, scheme, port, query); production rules: https only, no localhost or loopback, no wildcard, no query, no fragment, at most 256 characters. Live (with Environment.Url and Environment.ClientId): reads the discovery document, then sends authorization requests for each registered URI and for its variants (trailing slash toggled, extra path segment, upper-cased host, other scheme, appended query, userinfo trick, attacker subdomain suffix, foreign host). The registered URI must be accepted (otherwise Error: the probe proves nothing); any variant the server redirects to fails. Redirect locations are recorded, never visited.",
            "Register each callback exactly as the app sends it under Dashboard › Authentication › Redirects › Allowed Callback URLs: https, your production host, no trailing-slash or case differences, no query, no wildcard. If the authorization server redirects to a variant, it matches loosely: an attacker can register a look-alike and steal codes. Scalekit matches exactly; a self-hosted or proxy authorization server must be fixed to compare the whole URI byte for byte.",
            new[] { "App.RedirectUris or Dashboard.AllowedCallbackUrls" },
            new[]
            {
                "RFC 6749 §3.1.2, §10.6 (redirect URI manipulation)",
                "RFC 9700 §2.1, §4.1 (exact redirect URI matching)",
                "Scalekit: guides/dashboard/redirects",
            }))
    {
        _mode = mode;
    }

    public override string? MissingConfiguration(AuditContext context)
    {
        AuditConfiguration configuration = context.Configuration;
        if (configuration.App.RedirectUris.Count == 0 && configuration.Dashboard.AllowedCallbackUrls.Count == 0)
        {
            return "App.RedirectUris or Dashboard.AllowedCallbackUrls";
        }

        if (_mode == RedirectUriProbeMode.Live)
        {
            return configuration.EnvironmentUrl is null ? "Environment.Url" : configuration.ClientId is null ? "Environment.ClientId" : null;
        }

        return null;
    }

    public string? DefaultTarget(AuditContext context) =>
        context.Configuration.App.RedirectUris.Concat(context.Configuration.Dashboard.AllowedCallbackUrls).FirstOrDefault();

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        var results = new List<CheckResult>();
        if (_mode != RedirectUriProbeMode.Live)
        {
            results.AddRange(JudgeOffline(context));
        }

        bool live = _mode == RedirectUriProbeMode.Live
            || (_mode == RedirectUriProbeMode.OfflineAndLive && configuration.EnvironmentUrl is not null && configuration.ClientId is not null);
        if (live)
        {
            IList<string> registered = configuration.Dashboard.AllowedCallbackUrls.Count > 0
                ? configuration.Dashboard.AllowedCallbackUrls
                : configuration.App.RedirectUris;
            foreach (string uri in registered.Distinct(StringComparer.Ordinal))
            {
                results.Add(await ProbeLiveAsync(context, uri, cancellationToken).ConfigureAwait(false));
            }
        }

        return results;
    }

    private IEnumerable<CheckResult> JudgeOffline(AuditContext context)
    {
        AuditConfiguration configuration = context.Configuration;
        IList<string> allowed = configuration.Dashboard.AllowedCallbackUrls;
        bool compare = configuration.App.RedirectUris.Count > 0 && allowed.Count > 0;
        IEnumerable<string> judged = configuration.App.RedirectUris.Count > 0 ? configuration.App.RedirectUris : allowed;
        foreach (string uri in judged)
        {
            ResultBuilder result = context.StartResult(Definition, uri);
            result.Evidence("Mode", compare ? "offline: allowed list and production rules" : "offline: production rules");
            if (compare && RedirectUriRules.Mismatch(uri, allowed.ToList()) is string mismatch)
            {
                result.Fail(mismatch);
            }

            foreach (string problem in RedirectUriRules.ProductionProblems(uri))
            {
                result.Fail(problem);
            }

            yield return result.Build(compare
                ? $"'{uri}' is an allowed callback URL byte for byte and fit for production."
                : $"'{uri}' is fit for production (https, no loopback, wildcard, query or fragment).");
        }
    }

    private async Task<CheckResult> ProbeLiveAsync(AuditContext context, string registered, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        ResultBuilder result = context.StartResult(Definition, registered);
        result.Evidence("Mode", "live: variants sent to the authorization server");
        if (!Uri.TryCreate(configuration.EnvironmentUrl, UriKind.Absolute, out Uri? environment))
        {
            return result.Error($"The environment URL '{configuration.EnvironmentUrl}' is not an absolute URL.");
        }

        IReadOnlyList<RedirectUriVariant> variants = RedirectUriVariant.Of(registered);
        if (variants.Count == 0)
        {
            return result.Error($"'{registered}' is not an absolute URL, so no variants of it can be built.");
        }

        AuthorizationServerEndpoints endpoints = await AuthorizationServerEndpoints.DiscoverAsync(context, environment, result, cancellationToken).ConfigureAwait(false);
        string endpoint = endpoints.Authorization.GetLeftPart(UriPartial.Path);
        result.Evidence("Authorization endpoint", endpoint);
        ProbeResponse own = await RequestAsync(context, endpoint, registered, cancellationToken).ConfigureAwait(false);
        Answer ownAnswer = Classify(own, registered, environment);
        result.Evidence("Registered URI", Describe(own, ownAnswer));
        if (ownAnswer is Answer.Refused or Answer.ServerError)
        {
            return result.Error(
                $"The authorization server did not accept the registered redirect URI '{registered}' itself (HTTP {own.StatusCode}), so refusing its variants proves nothing. Check the client id and that this URI is registered for it.");
        }

        int refused = 0;
        foreach (RedirectUriVariant variant in variants)
        {
            ProbeResponse response = await RequestAsync(context, endpoint, variant.Uri, cancellationToken).ConfigureAwait(false);
            Answer answer = Classify(response, variant.Uri, environment);
            result.Evidence("Variant: " + variant.Name, variant.Uri + " → " + Describe(response, answer));
            switch (answer)
            {
                case Answer.RedirectedToCandidate:
                    result.Fail($"The authorization server redirected to the variant '{variant.Uri}' ({variant.Name}) of '{registered}': it does not match redirect URIs exactly, so codes can be sent to a URI you never registered.");
                    break;
                case Answer.Deferred:
                    result.Warn($"The authorization server did not refuse the variant '{variant.Uri}' ({variant.Name}) at once (HTTP {response.StatusCode}); it may still redirect there after sign-in.");
                    break;
                case Answer.ServerError:
                    result.Warn($"The authorization server answered the variant '{variant.Uri}' ({variant.Name}) with HTTP {response.StatusCode} instead of refusing it cleanly.");
                    break;
                default:
                    refused++;
                    break;
            }
        }

        result.Evidence("Refused", refused + " of " + variants.Count + " variants");
        return result.Build($"The authorization server accepts '{registered}' and refuses all {variants.Count} variants of it.");
    }

    private static Task<ProbeResponse> RequestAsync(AuditContext context, string endpoint, string redirectUri, CancellationToken cancellationToken)
    {
        string verifier = Pkce.RandomValue();
        var parameters = new[]
        {
            new KeyValuePair<string, string>("response_type", "code"),
            new KeyValuePair<string, string>("client_id", context.Configuration.ClientId!),
            new KeyValuePair<string, string>("redirect_uri", redirectUri),
            new KeyValuePair<string, string>("scope", "openid"),
            new KeyValuePair<string, string>("state", Pkce.RandomValue(16)),
            new KeyValuePair<string, string>("nonce", Pkce.RandomValue(16)),
            new KeyValuePair<string, string>("code_challenge", Pkce.S256Challenge(verifier)),
            new KeyValuePair<string, string>("code_challenge_method", "S256"),
        };
        return context.Probe.SendAsync(ProbeRequest.Get(new Uri(endpoint + "?" + QueryParameters.Encode(parameters))), cancellationToken);
    }

    private enum Answer
    {
        RedirectedToCandidate,
        Deferred,
        Refused,
        ServerError,
    }

    private static Answer Classify(ProbeResponse response, string candidate, Uri environment)
    {
        if (response.StatusCode >= 500)
        {
            return Answer.ServerError;
        }

        if (response.IsRedirect)
        {
            string location = response.Header("Location") ?? string.Empty;
            return location.StartsWith(candidate, StringComparison.Ordinal) || SameEndpoint(location, candidate)
                ? Answer.RedirectedToCandidate
                : Answer.Deferred;
        }

        return response.StatusCode is >= 200 and < 300 ? Answer.Deferred : Answer.Refused;
    }

    /// <summary>Whether a Location (which a server may have normalised) names the same endpoint as <paramref name="candidate"/>.</summary>
    private static bool SameEndpoint(string location, string candidate) =>
        Uri.TryCreate(location, UriKind.Absolute, out Uri? a) && Uri.TryCreate(candidate, UriKind.Absolute, out Uri? b)
        && a.Scheme == b.Scheme && string.Equals(a.UserInfo, b.UserInfo, StringComparison.Ordinal)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.AbsolutePath == b.AbsolutePath;

    private static string Describe(ProbeResponse response, Answer answer)
    {
        string location = response.Header("Location") is string value ? " to " + StripQuery(value) : string.Empty;
        return answer switch
        {
            Answer.RedirectedToCandidate => $"HTTP {response.StatusCode}: redirected{location} (accepted; not visited)",
            Answer.Deferred => response.IsRedirect ? $"HTTP {response.StatusCode}: redirected{location} (login page; not visited)" : $"HTTP {response.StatusCode}: login page",
            Answer.ServerError => $"HTTP {response.StatusCode}: server error",
            _ => $"HTTP {response.StatusCode}: refused",
        };
    }

    /// <summary>The Location without its query: it may carry a code.</summary>
    private static string StripQuery(string location)
    {
        int question = location.IndexOf('?');
        return question < 0 ? location : location.Substring(0, question) + "?…";
    }
}
