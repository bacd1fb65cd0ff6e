using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Cors;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.QuickChecks;

/// <summary>
/// SK-QC-020: the web app's endpoints and the MCP endpoint share their answers only with the configured origins.
/// For each endpoint, a preflight and a simple GET are sent with each allowed origin, an arbitrary origin, the
/// <c>null</c> origin and look-alikes of the real origins; none carries a credential. Public metadata (PRM, AS
/// metadata, JWKS) may be readable by any origin, never with credentials.
/// </summary>
internal sealed class CorsPolicyCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-QC-020";

    /// <summary>The source named for the PRM endpoint found from the MCP server.</summary>
    internal const string MetadataSource = "PRM of Mcp.ServerUrl";

    private const string AllowedOriginsKey = "App.AllowedOrigins";

    private static readonly CheckDefinition s_definition = new(
        CheckId,
        "CORS restricted to your domains",
        CheckSection.QuickChecks,
        Severity.High,
        Safety.Active,
        "For the app API, login, callback and logout URLs, the MCP endpoint and its protected resource metadata, one result per endpoint: an OPTIONS preflight (POST with authorization, content-type) and a simple GET, without credentials, with Origin set to each allowed origin, https://sk-probe.invalid, null, and look-alikes of each allowed origin (https://<host>.sk-probe.invalid, https://sk-probe<registrable domain>). Failed: an arbitrary origin reflected; * or a reflected origin together with Access-Control-Allow-Credentials: true; null allowed; a look-alike reflected (prefix or suffix match). Warning: * on a credentialed endpoint; an allowed origin refused by the API or the MCP endpoint; the MCP endpoint's Access-Control-Expose-Headers without WWW-Authenticate. Public metadata may answer * without credentials.",
        "Compare the Origin header with an exact list of your origins (scheme, host and port, e.g. https://app.example.com) and echo it back only on a match, with Vary: Origin; never reflect the Origin unchecked, never allow null, and never match by prefix, suffix or substring. Send Access-Control-Allow-Credentials: true only together with one of those exact origins. On the MCP endpoint also send Access-Control-Expose-Headers: WWW-Authenticate, Mcp-Session-Id so browser-based MCP clients can read the 401 challenge and the session id. Public metadata (/.well-known/*, JWKS) may use Access-Control-Allow-Origin: * without credentials.",
        new[] { "App.ProtectedApiUrl, App.LoginUrl, App.CallbackUrl, App.LogoutUrl or Mcp.ServerUrl", AllowedOriginsKey + " (for the app endpoints)" },
        new[]
        {
            "Fetch Standard §3.2 (CORS protocol), §3.2.5 (CORS check), §3.2.6 (Access-Control-Expose-Headers)",
            "RFC 6454 §6.2 (serialised origin), §7.3 (the null origin)",
            "MCP specification 2025-11-25, Authorization: Protected Resource Metadata Discovery (browser clients read the WWW-Authenticate challenge)",
            "OWASP Web Security Testing Guide WSTG-CLNT-07 (Testing Cross Origin Resource Sharing)",
        });

    private readonly IReadOnlyList<CorsEndpoint>? _endpoints;

    public CorsPolicyCheck()
        : this(null)
    {
    }

    private CorsPolicyCheck(IReadOnlyList<CorsEndpoint>? endpoints)
        : base(s_definition)
    {
        _endpoints = endpoints;
    }

    /// <summary>A check of the given URLs instead of the configured endpoints (Test-SkCorsPolicy -Uri).</summary>
    /// <param name="urls">The endpoints; what each is for is decided from its path and its answer.</param>
    /// <param name="source">The parameter that named them, for the evidence.</param>
    public static CorsPolicyCheck ForUrls(IEnumerable<Uri> urls, string source) =>
        new(urls.Select(u => new CorsEndpoint(u, CorsEndpoint.KindFromPath(u), source)).ToArray());

    public override string? MissingConfiguration(AuditContext context)
    {
        if (_endpoints is not null)
        {
            return _endpoints.Count == 0 ? "-Uri" : null;
        }

        AuditConfiguration configuration = context.Configuration;
        bool app = AppEndpoints(configuration).Any();
        if (!app && configuration.McpServerUrl is null)
        {
            return "App.ProtectedApiUrl (or App.LoginUrl, App.CallbackUrl, App.LogoutUrl, Mcp.ServerUrl)";
        }

        return configuration.McpServerUrl is null && configuration.App.AllowedOrigins.Count == 0 ? AllowedOriginsKey : null;
    }

    public string? DefaultTarget(AuditContext context) =>
        _endpoints is not null
            ? _endpoints.Select(e => e.Url.OriginalString).FirstOrDefault()
            : AppEndpoints(context.Configuration).Select(e => e.Url.OriginalString).FirstOrDefault() ?? context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AllowedOrigins allowed = AllowedOrigins.From(context.Configuration.App.AllowedOrigins);
        var results = new List<CheckResult>();
        if (_endpoints is not null)
        {
            foreach (CorsEndpoint endpoint in _endpoints)
            {
                EndpointRun run = await ProbeAsync(context, endpoint, allowed, cancellationToken).ConfigureAwait(false);
                results.Add(run.Finish());
            }

            return results;
        }

        foreach (CorsEndpoint endpoint in AppEndpoints(context.Configuration))
        {
            EndpointRun run = await ProbeAsync(context, endpoint, allowed, cancellationToken).ConfigureAwait(false);
            results.Add(run.Finish());
        }

        if (context.Configuration.McpServerUrl is string serverUrl && Uri.TryCreate(serverUrl, UriKind.Absolute, out Uri? server))
        {
            EndpointRun mcp = await ProbeAsync(context, new CorsEndpoint(server, CorsEndpointKind.ProtectedResource, "Mcp.ServerUrl"), allowed, cancellationToken)
                .ConfigureAwait(false);
            Uri? metadata = mcp.Outcome is null ? await FindMetadataAsync(context, server, mcp, cancellationToken).ConfigureAwait(false) : null;
            results.Add(mcp.Finish());
            if (metadata is not null)
            {
                EndpointRun prm = await ProbeAsync(context, new CorsEndpoint(metadata, CorsEndpointKind.PublicMetadata, MetadataSource), allowed, cancellationToken)
                    .ConfigureAwait(false);
                results.Add(prm.Finish());
            }
        }

        return results;
    }

    private static IEnumerable<CorsEndpoint> AppEndpoints(AuditConfiguration configuration)
    {
        AppSettings app = configuration.App;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string? url, CorsEndpointKind kind, string key) in new[]
        {
            (app.ProtectedApiUrl, CorsEndpointKind.AppApi, "App.ProtectedApiUrl"),
            (app.LoginUrl, CorsEndpointKind.AppPage, "App.LoginUrl"),
            (app.CallbackUrl, CorsEndpointKind.AppPage, "App.CallbackUrl"),
            (app.LogoutUrl, CorsEndpointKind.AppPage, "App.LogoutUrl"),
        })
        {
            if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) && seen.Add(parsed.AbsoluteUri))
            {
                yield return new CorsEndpoint(parsed, kind, key);
            }
        }
    }

    /// <summary>The origins sent to one endpoint: the arbitrary one first (its answer tells what an unknown endpoint is), then null, the look-alikes, the allowed ones.</summary>
    private static List<CorsProbeOrigin> OriginsFor(CorsEndpoint endpoint, AllowedOrigins allowed)
    {
        var origins = new List<CorsProbeOrigin>
        {
            new(CorsOriginRole.Arbitrary, CorsOrigins.Arbitrary),
            new(CorsOriginRole.Null, CorsOrigins.Null),
        };
        IEnumerable<string> imitated = allowed.Valid.Count > 0 ? allowed.Valid : new[] { CorsOrigins.Of(endpoint.Url) };
        var tricks = new HashSet<string>(StringComparer.Ordinal);
        foreach (string real in imitated)
        {
            string prefix = CorsOrigins.PrefixTrick(real);
            string suffix = CorsOrigins.SuffixTrick(real);
            if (tricks.Add(prefix))
            {
                origins.Add(new CorsProbeOrigin(CorsOriginRole.PrefixTrick, prefix, real));
            }

            if (tricks.Add(suffix))
            {
                origins.Add(new CorsProbeOrigin(CorsOriginRole.SuffixTrick, suffix, real));
            }
        }

        origins.AddRange(allowed.Valid.Select(o => new CorsProbeOrigin(CorsOriginRole.Allowed, o)));
        return origins;
    }

    private async Task<EndpointRun> ProbeAsync(AuditContext context, CorsEndpoint endpoint, AllowedOrigins allowed, CancellationToken cancellationToken)
    {
        var run = new EndpointRun(endpoint, context.StartResult(Definition, endpoint.Url.OriginalString), allowed);
        ResultBuilder result = run.Result;
        result.Evidence("Endpoint", endpoint.Source + " " + endpoint.Url.OriginalString);
        foreach (string problem in allowed.Problems)
        {
            result.Warn(problem);
        }

        if (NeedsAllowedOrigins(run.Kind) && allowed.Valid.Count == 0)
        {
            result.Evidence("Judged as", CorsEndpoint.Describe(run.Kind));
            run.Outcome = result.NotRun(NotRunReason.NotConfigured, NotConfiguredMessage(endpoint.Url));
            return run;
        }

        try
        {
            foreach (CorsProbeOrigin origin in OriginsFor(endpoint, allowed))
            {
                (CorsAnswer preflight, CorsAnswer get) = await CorsProbe.SendAsync(context.Probe, endpoint.Url, origin, cancellationToken).ConfigureAwait(false);
                run.Answers.Add(preflight);
                run.Answers.Add(get);
                result.Evidence("Preflight, " + origin.Label, preflight.Describe());
                result.Evidence("GET, " + origin.Label, get.Describe());
                if (run.Kind == CorsEndpointKind.Unknown)
                {
                    run.Kind = ChallengesWithMetadata(get.Response) ? CorsEndpointKind.ProtectedResource : CorsEndpointKind.AppApi;
                    result.Evidence("Judged as", CorsEndpoint.Describe(run.Kind) + (run.Kind == CorsEndpointKind.ProtectedResource
                        ? " (its 401 challenge names resource_metadata)"
                        : " (no well-known or JWKS path, no resource_metadata challenge)"));
                    if (NeedsAllowedOrigins(run.Kind) && allowed.Valid.Count == 0)
                    {
                        run.Outcome = result.NotRun(NotRunReason.NotConfigured, NotConfiguredMessage(endpoint.Url));
                        return run;
                    }
                }
            }
        }
        catch (ProbeException ex)
        {
            run.Outcome = result.Error(ex.Message);
            return run;
        }

        if (endpoint.Kind != CorsEndpointKind.Unknown)
        {
            result.Evidence("Judged as", CorsEndpoint.Describe(run.Kind));
        }

        return run;
    }

    private static bool NeedsAllowedOrigins(CorsEndpointKind kind) => kind is CorsEndpointKind.AppApi or CorsEndpointKind.AppPage;

    private static string NotConfiguredMessage(Uri url) =>
        $"Not configured: set {AllowedOriginsKey} (Test-SkCorsPolicy: -AllowedOrigin) to check the web endpoint {url.OriginalString}; the look-alike origins are built from your origins.";

    private static bool ChallengesWithMetadata(ProbeResponse response) =>
        response.StatusCode == 401
        && WwwAuthenticateParser.Parse(response.HeaderValues("WWW-Authenticate"))
            .Any(c => string.Equals(c.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(c["resource_metadata"]));

    /// <summary>
    /// Finds the MCP server's PRM the way clients do (the challenge's resource_metadata, then the path-aware and root
    /// well-known URLs) and returns the first that answers 200; the MCP endpoint's evidence says which, or why none.
    /// </summary>
    private static async Task<Uri?> FindMetadataAsync(AuditContext context, Uri server, EndpointRun mcp, CancellationToken cancellationToken)
    {
        var candidates = new List<Uri>();
        string? challenge = mcp.Answers
            .Where(a => !a.IsPreflight)
            .SelectMany(a => WwwAuthenticateParser.Parse(a.Response.HeaderValues("WWW-Authenticate")))
            .Where(c => string.Equals(c.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
            .Select(c => c["resource_metadata"])
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (challenge is not null && Uri.TryCreate(server, challenge, out Uri? fromChallenge) && fromChallenge.Scheme is "https" or "http")
        {
            candidates.Add(fromChallenge);
        }

        foreach (Uri wellKnown in new[] { ProtectedResourceMetadataCheck.WellKnownUrl(server, true), ProtectedResourceMetadataCheck.WellKnownUrl(server, false) })
        {
            if (!candidates.Any(c => c.AbsoluteUri == wellKnown.AbsoluteUri))
            {
                candidates.Add(wellKnown);
            }
        }

        foreach (Uri candidate in candidates)
        {
            try
            {
                ProbeResponse response = await context.Probe
                    .SendAsync(ProbeRequest.Get(candidate).WithHeader("Accept", "application/json"), cancellationToken)
                    .ConfigureAwait(false);
                if (response.StatusCode == 200)
                {
                    mcp.Result.Evidence("PRM", candidate.AbsoluteUri + " answers 200; its CORS is a result of its own");
                    return candidate;
                }
            }
            catch (ProbeException ex)
            {
                mcp.Result.Evidence("PRM", candidate.AbsoluteUri + ": " + ex.Message);
            }
        }

        mcp.Result.Evidence("PRM", "none of " + string.Join(", ", candidates.Select(c => c.AbsoluteUri)) + " answers 200, so its CORS was not probed (SK-MCP-010 reports the missing metadata)");
        return null;
    }

    /// <summary>The configured allowed origins, serialised, and a problem line for each entry that is not an origin.</summary>
    private sealed class AllowedOrigins
    {
        private AllowedOrigins(IReadOnlyList<string> valid, IReadOnlyList<string> problems)
        {
            Valid = valid;
            Problems = problems;
        }

        public IReadOnlyList<string> Valid { get; }

        public IReadOnlyList<string> Problems { get; }

        public static AllowedOrigins From(IEnumerable<string> configured)
        {
            var valid = new List<string>();
            var problems = new List<string>();
            foreach (string value in configured)
            {
                if (CorsOrigins.TryNormalize(value, out string origin, out string problem))
                {
                    if (!valid.Contains(origin, StringComparer.Ordinal))
                    {
                        valid.Add(origin);
                    }
                }
                else
                {
                    problems.Add($"{AllowedOriginsKey} holds '{value}', which is not an origin ({problem}); it was not probed.");
                }
            }

            return new AllowedOrigins(valid, problems);
        }
    }

    /// <summary>One endpoint's probes and, once decided, its verdict.</summary>
    private sealed class EndpointRun
    {
        public EndpointRun(CorsEndpoint endpoint, ResultBuilder result, AllowedOrigins allowed)
        {
            Endpoint = endpoint;
            Result = result;
            Allowed = allowed;
            Kind = endpoint.Kind;
        }

        public CorsEndpoint Endpoint { get; }

        public ResultBuilder Result { get; }

        public AllowedOrigins Allowed { get; }

        public CorsEndpointKind Kind { get; set; }

        public List<CorsAnswer> Answers { get; } = new();

        /// <summary>Gets or sets the result when the endpoint could not be judged (NotRun, Error).</summary>
        public CheckResult? Outcome { get; set; }

        public CheckResult Finish() => Outcome ?? CorsPolicyJudge.Judge(Kind, Endpoint.Url, Answers, Result);
    }
}
