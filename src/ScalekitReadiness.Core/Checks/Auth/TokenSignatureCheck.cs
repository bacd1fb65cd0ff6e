using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-051: the environment's JWKS is reachable and sound, and the tokens at hand verify against it: RS256,
/// the key their kid names, and an issuer in one of the two forms Scalekit uses (reported).
/// </summary>
internal sealed class TokenSignatureCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-051";

    private readonly AuthInputs? _inputs;

    public TokenSignatureCheck(AuthInputs? inputs = null)
        : base(new CheckDefinition(
            CheckId,
            "Tokens validate against the environment's keys",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.Passive,
            "Reads the JWKS at the discovery document's jwks_uri (<env>/keys): reachable, RSA keys with use=sig, unique kids, at least 2048 bits. Then every token supplied with -AccessToken, found in a HAR file or minted once by the audit (only when state changes are allowed) must be RS256 (never none or HS*), carry a kid that names a key of the JWKS and verify with it (Microsoft.IdentityModel), and have iss equal to the environment URL or <env>/resources/<res_id> — Scalekit is migrating MCP tokens between these two forms, so both are accepted and the one seen is reported. The scope claim form (scope string or scopes array) is reported.",
            "Verify tokens only with the environment's published keys and pin RS256: reject alg none and HS*, look the key up by kid (refetch the JWKS on an unknown kid after a rotation), and accept iss = your environment URL or <env>/resources/<res_id> (both forms are live while Scalekit migrates MCP tokens). A JWKS problem (duplicate kid, small or non-signing key) is Scalekit's to fix: contact support with the evidence.",
            new[] { "Environment.Url" },
            new[]
            {
                "RFC 7517 §4.2, §4.5, §5 (use, kid, JWK Set)",
                "RFC 8725 §3.1-§3.2 (JWT BCP: algorithm verification, appropriate algorithms)",
                "Scalekit: authenticate/fsa/complete-login (validate tokens with <env>/keys)",
                "Scalekit MCP issuer migration (env root → <env>/resources/<res_id>): fastmcp PR #4798, mcp-use PR #2272",
            }))
    {
        _inputs = inputs;
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.EnvironmentUrl is null || !Uri.TryCreate(context.Configuration.EnvironmentUrl, UriKind.Absolute, out _) ? "Environment.Url" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.EnvironmentUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        var environment = new Uri(context.Configuration.EnvironmentUrl!);
        ResultBuilder jwksResult = context.StartResult(Definition, context.Configuration.EnvironmentUrl!);
        EnvironmentKeys? keys = await EnvironmentKeys.FetchAsync(context, environment, jwksResult, cancellationToken).ConfigureAwait(false);
        keys?.Judge(jwksResult);
        IReadOnlyList<InspectedToken> tokens = await TokenSources.CollectAsync(context, _inputs, jwksResult, cancellationToken).ConfigureAwait(false);
        jwksResult.Evidence("Tokens verified", tokens.Count == 0 ? "none supplied (give -AccessToken or a HAR, or allow the audit to mint one)" : string.Join("; ", tokens.Select(t => t.Label)));
        var results = new List<CheckResult>
        {
            jwksResult.Build($"The JWKS at {keys?.Url} holds {keys?.Set.Keys.Count} sound RSA signing key(s) with unique kids."),
        };
        if (keys is not null)
        {
            results.AddRange(tokens.Select(token => Judge(context, keys, token)));
        }

        return results;
    }

    private CheckResult Judge(AuditContext context, EnvironmentKeys keys, InspectedToken token)
    {
        ResultBuilder result = context.StartResult(Definition, token.Label);
        result.Evidence("Token", token.Summary);
        if (token.Jwt is null)
        {
            result.Warn($"The {token.Label} is opaque, not a JWT: it cannot be verified with the JWKS (only by introspection).");
            return result.Build(string.Empty);
        }

        result.Evidence("Scope claim", token.ScopeForm);
        string alg = token.Algorithm ?? "none";
        if (string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase) || alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase))
        {
            result.FailWithSeverity(Severity.Critical, $"The {token.Label} uses alg={alg}: an unsigned or shared-secret token anyone can forge. Scalekit signs with RS256; a verifier must refuse anything else.");
        }
        else if (alg != "RS256")
        {
            result.Fail($"The {token.Label} uses alg={alg}, not RS256 as Scalekit's keys are published; verifiers pinned to RS256 refuse it.");
        }
        else if (keys.VerifySignature(token) is string why)
        {
            result.Fail($"The {token.Label} does not verify: {why}");
        }

        JudgeIssuer(context.Configuration, token, result);
        return result.Build($"The {token.Label} is RS256, verifies with key '{token.KeyId}' of {keys.Url}, and its issuer is the {IssuerForm(context.Configuration, token.Issuer)}.");
    }

    private static void JudgeIssuer(AuditConfiguration configuration, InspectedToken token, ResultBuilder result)
    {
        string form = IssuerForm(configuration, token.Issuer);
        result.Evidence("Issuer form", token.Issuer is null ? "(no iss)" : form + ": " + token.Issuer);
        if (form.Length == 0)
        {
            string root = configuration.EnvironmentUrl!.TrimEnd('/');
            result.Fail($"The {token.Label} has iss '{token.Issuer ?? "(none)"}', which is neither the environment URL {root} nor {root}/resources/<res_id>: verifiers that pin the issuer reject it, and those that do not accept tokens of any issuer.");
        }
    }

    /// <summary>"environment URL form", "resource form (&lt;env&gt;/resources/res_…)", or empty when neither.</summary>
    internal static string IssuerForm(AuditConfiguration configuration, string? issuer)
    {
        if (issuer is null)
        {
            return string.Empty;
        }

        string root = configuration.EnvironmentUrl!.TrimEnd('/');
        if (string.Equals(issuer, root, StringComparison.Ordinal))
        {
            return "environment URL form";
        }

        string prefix = root + "/resources/";
        bool resource = configuration.Mcp.ResourceId is string id
            ? string.Equals(issuer, prefix + id, StringComparison.Ordinal)
            : issuer.StartsWith(prefix, StringComparison.Ordinal) && issuer.Length > prefix.Length && issuer.IndexOf('/', prefix.Length) < 0;
        return resource ? "resource form (<env>/resources/<res_id>)" : string.Empty;
    }
}
