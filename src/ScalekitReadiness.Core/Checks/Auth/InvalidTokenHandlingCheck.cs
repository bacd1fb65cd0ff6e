using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-080: the app's protected API and the MCP endpoint refuse an expired, an unknown-key, a malformed and an
/// empty bearer token with 401 + <c>WWW-Authenticate: Bearer</c>: never 2xx, never 5xx, never a stack trace.
/// </summary>
internal sealed class InvalidTokenHandlingCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-080";

    private readonly AuthInputs? _inputs;
    private readonly IReadOnlyList<(string Url, bool Mcp)>? _targets;

    public InvalidTokenHandlingCheck(AuthInputs? inputs = null, IReadOnlyList<(string Url, bool Mcp)>? targets = null)
        : base(new CheckDefinition(
            CheckId,
            "Expired and invalid tokens are handled gracefully",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.Active,
            "Sends the app's protected API (GET) and the MCP endpoint (POST initialize) four invalid bearer tokens, forged locally with a key generated for the run (never a real user's token): an expired JWT (under the environment's kid when known; -ExpiredToken adds a genuinely expired, correctly signed token), a JWT signed by an unknown key, a malformed token and an empty bearer. Each must get 401 with WWW-Authenticate: Bearer (error=\"invalid_token\" recommended): any 2xx is Critical, a 5xx, another status, a stack trace in the body or a missing challenge is Failed.",
            "Validate bearer tokens in middleware before any handler runs (signature with the JWKS key named by kid, RS256 only, iss, aud, exp with little skew), and map every validation failure — expired, bad signature, unparsable, empty — to 401 with WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"…\". Never let a token error reach the generic 500 handler (the official MCP TypeScript SDK example does exactly that: it answers an unknown token with 500), and never put exception details in the body.",
            new[] { "App.ProtectedApiUrl or Mcp.ServerUrl" },
            new[]
            {
                "RFC 6750 §3, §3.1 (WWW-Authenticate, invalid_token)",
                "MCP specification 2025-11-25, Authorization: Token Handling (invalid or expired tokens → 401)",
                "OWASP Error Handling Cheat Sheet (no stack traces)",
            }))
    {
        _inputs = inputs;
        _targets = targets;
    }

    public override string? MissingConfiguration(AuditContext context) => Targets(context).Count == 0 ? "App.ProtectedApiUrl or Mcp.ServerUrl" : null;

    public string? DefaultTarget(AuditContext context) => Targets(context).Select(t => t.Url).FirstOrDefault();

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string issuer = context.Configuration.EnvironmentUrl?.TrimEnd('/') ?? "https://sk-probe.invalid";
        string? kid = await EnvironmentKidAsync(context, cancellationToken).ConfigureAwait(false);
        var results = new List<CheckResult>();
        foreach ((string url, bool mcp) in Targets(context))
        {
            results.Add(await ProbeAsync(context, new Uri(url), mcp, issuer, kid, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private IReadOnlyList<(string Url, bool Mcp)> Targets(AuditContext context)
    {
        if (_targets is not null)
        {
            return _targets;
        }

        var targets = new List<(string, bool)>();
        if (context.Configuration.App.ProtectedApiUrl is string api)
        {
            targets.Add((api, false));
        }

        if (context.Configuration.McpServerUrl is string mcp)
        {
            targets.Add((mcp, true));
        }

        return targets;
    }

    /// <summary>The first kid of the environment's JWKS, so the forged expired token looks like the environment's own.</summary>
    private async Task<string?> EnvironmentKidAsync(AuditContext context, CancellationToken cancellationToken)
    {
        if (context.Configuration.EnvironmentUrl is not string env || !Uri.TryCreate(env, UriKind.Absolute, out Uri? environment))
        {
            return null;
        }

        try
        {
            EnvironmentKeys? keys = await EnvironmentKeys.FetchAsync(context, environment, context.StartResult(Definition, env), cancellationToken).ConfigureAwait(false);
            return keys?.Set.Keys.Select(k => k.Kid).FirstOrDefault(k => !string.IsNullOrEmpty(k));
        }
        catch (ProbeException)
        {
            return null; // the forged token then carries a made-up kid; SK-AUTH-051 reports the JWKS
        }
    }

    private async Task<CheckResult> ProbeAsync(AuditContext context, Uri target, bool mcp, string issuer, string? kid, CancellationToken cancellationToken)
    {
        ResultBuilder result = context.StartResult(Definition, target.AbsoluteUri);
        var probes = new List<(string Name, string Token)>
        {
            ("expired JWT (forged, " + (kid is null ? "made-up kid" : "the environment's kid " + kid) + ")", ForgedTokens.Expired(issuer, target.AbsoluteUri, kid)),
            ("JWT signed by an unknown key", ForgedTokens.UnknownKey(issuer, target.AbsoluteUri)),
            ("malformed token", ForgedTokens.Malformed()),
            ("empty bearer", string.Empty),
        };
        if (_inputs?.ExpiredToken is string expired)
        {
            context.Redactor.AddSecret(expired);
            probes.Insert(0, ("expired token (supplied with -ExpiredToken)", expired));
        }

        foreach ((string name, string token) in probes)
        {
            ProbeRequest request = mcp ? McpRequests.Initialize(target) : ProbeRequest.Get(target).WithHeader("Accept", "application/json");
            request.WithHeader("Authorization", token.Length == 0 ? "Bearer " : "Bearer " + token);
            ProbeResponse response = await context.Probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
            result.Evidence(name, response.Exchange.Summary);
            Judge(name, response, result);
        }

        return result.Build($"{target} refuses expired, unknown-key, malformed and empty bearer tokens with 401 and a Bearer challenge.");
    }

    private static void Judge(string name, ProbeResponse response, ResultBuilder result)
    {
        int status = response.StatusCode;
        if (status is >= 200 and < 300)
        {
            result.FailWithSeverity(Severity.Critical, $"The {name} was ACCEPTED (HTTP {status}): anyone can forge or replay a token and get in. Validate the signature, kid, alg and exp of every token.");
            return;
        }

        if (status >= 500)
        {
            result.Fail($"The {name} got HTTP {status}, a server error, instead of 401: token validation failures reach the error handler, and clients cannot tell \"get a new token\" from an outage.");
        }
        else if (status != 401)
        {
            result.Fail($"The {name} got HTTP {status}, not 401: clients only re-authenticate on 401 with a Bearer challenge (RFC 6750 §3.1).");
        }

        if (ErrorPageInspector.StackTraces(response.BodyText) is { Count: > 0 } platforms)
        {
            result.Fail($"The answer to the {name} (HTTP {status}) shows a {string.Join("/", platforms)} stack trace: it leaks code paths and library versions to anyone with a bad token.");
        }

        if (status == 401)
        {
            AuthChallenge? bearer = WwwAuthenticateParser.Parse(response.HeaderValues("WWW-Authenticate"))
                .FirstOrDefault(c => string.Equals(c.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase));
            if (bearer is null)
            {
                result.Fail($"The 401 to the {name} has no WWW-Authenticate: Bearer challenge: clients cannot tell that a new token would help (RFC 6750 §3).");
            }
            else if (name != "empty bearer" && bearer["error"] != "invalid_token")
            {
                result.Evidence("Info: " + name, "the challenge carries no error=\"invalid_token\" (recommended by RFC 6750 §3.1, so clients know to refresh).");
            }
        }
    }
}
