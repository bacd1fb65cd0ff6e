using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-050: the lifetimes of the environment's tokens fit the policy: exp present, exp − iat within
/// Policy.MaxAccessTokenLifetimeSeconds, the token response's expires_in agreeing with exp, iat/nbf not in the
/// future, and the declared session timeouts ordered absolute &gt; idle &gt; access-token lifetime.
/// </summary>
internal sealed class TokenLifetimeCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-050";
    internal const long SkewSeconds = 60;

    private readonly AuthInputs? _inputs;

    public TokenLifetimeCheck(AuthInputs? inputs = null)
        : base(new CheckDefinition(
            CheckId,
            "Token lifetimes fit the policy",
            CheckSection.CoreAuthFlows,
            Severity.Medium,
            Safety.Passive,
            "Decodes the access, ID and refresh tokens supplied with -AccessToken, found in a HAR file (Bearer headers, token responses) or minted once by the audit (client_credentials, only when state changes are allowed): exp must be present; exp − iat of an access token at most Policy.MaxAccessTokenLifetimeSeconds (default 3600; Scalekit's web default is 300); the token response's expires_in must agree with exp (within 60 s); iat and nbf must not lie in the future beyond 60 s of skew. Declared session settings (Dashboard.SessionIdleTimeoutSeconds / SessionAbsoluteTimeoutSeconds) must satisfy absolute > idle > access-token lifetime. Reports the scope claim form (scope string or scopes array). Tokens are never shown.",
            "Set the access-token lifetime in Dashboard › Session settings (web apps) or the MCP server's advanced settings (MCP tokens) to at most the policy — 300 to 3600 s is Scalekit's recommended range — and keep the idle timeout longer than it and the absolute timeout longer still, so users are not logged out mid-session and stolen tokens expire quickly. A token without exp never expires: it must be re-issued by a correctly configured environment.",
            new[] { "a token: -AccessToken, -HarPath, or Safety.AllowStateChange with Environment credentials" },
            new[]
            {
                "RFC 7519 §4.1.4-§4.1.6 (exp, nbf, iat)",
                "RFC 6749 §5.1 (expires_in)",
                "Scalekit: authenticate/fsa/manage-session (session settings: absolute > idle > access-token expiry)",
            }))
    {
        _inputs = inputs;
    }

    public override string? MissingConfiguration(AuditContext context)
    {
        bool supplied = _inputs is { AccessTokens.Count: > 0 } || (_inputs?.HarPath) is not null;
        bool mint = (_inputs?.MintToken ?? context.Configuration.AllowStateChange) && TokenGrant.CanMint(context.Configuration);
        return supplied || mint ? null : "a token to judge: -AccessToken, -HarPath, or Safety.AllowStateChange with the Environment credentials so the audit mints one";
    }

    public string? DefaultTarget(AuditContext context) => context.Configuration.EnvironmentUrl ?? _inputs?.HarPath;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        ResultBuilder collection = context.StartResult(Definition, DefaultTarget(context) ?? "(tokens)");
        IReadOnlyList<InspectedToken> tokens = await TokenSources.CollectAsync(context, _inputs, collection, cancellationToken).ConfigureAwait(false);
        if (tokens.Count == 0)
        {
            collection.Warn("No token was found to judge (the HAR holds no Bearer header and no token response). Supply one with -AccessToken.");
            return new[] { collection.Build(string.Empty) };
        }

        if (collection.HasFailures)
        {
            return new[] { collection.Build(string.Empty) };
        }

        return tokens.Select(token => Judge(context, token)).ToArray();
    }

    private CheckResult Judge(AuditContext context, InspectedToken token)
    {
        ResultBuilder result = context.StartResult(Definition, token.Label);
        result.Evidence("Token", token.Summary);
        if (token.Jwt is null)
        {
            if (token.IsAccessToken)
            {
                result.Warn($"The {token.Label} is opaque, not a JWT: its lifetime cannot be read from it (only from expires_in{(token.ExpiresIn is long e ? " = " + e.ToString(CultureInfo.InvariantCulture) : string.Empty)}).");
            }

            return result.Build($"The {token.Label} is opaque (normal for refresh tokens); nothing to decode.");
        }

        result.Evidence("Scope claim", token.ScopeForm);
        long now = context.Clock().ToUnixTimeSeconds();
        if (token.Expiry is not long exp)
        {
            result.Fail($"The {token.Label} has no exp claim: it never expires, so a stolen copy works forever.");
            return result.Build(string.Empty);
        }

        if (exp < now)
        {
            result.Evidence("Expired", "yes, " + (now - exp).ToString(CultureInfo.InvariantCulture) + " s ago (lifetime rules still apply)");
        }

        long? start = token.IssuedAt ?? token.NotBefore;
        long policy = context.Configuration.Policy.MaxAccessTokenLifetimeSeconds;
        long? lifetime = start is long issued ? exp - issued : null;
        if (lifetime is long seconds)
        {
            result.Evidence("Lifetime (exp - iat)", seconds.ToString(CultureInfo.InvariantCulture) + " s; policy " + policy.ToString(CultureInfo.InvariantCulture) + " s");
            if (token.IsAccessToken && seconds > policy)
            {
                result.Fail($"The {token.Label} lives {seconds.ToString(CultureInfo.InvariantCulture)} s (exp − iat), above the policy's {policy.ToString(CultureInfo.InvariantCulture)} s: a stolen token stays usable that long, and revoking a session does not stop it.");
            }
        }
        else
        {
            result.Warn($"The {token.Label} has neither iat nor nbf, so its lifetime cannot be computed.");
        }

        if (token.ExpiresIn is long expiresIn && lifetime is long actual && Math.Abs(expiresIn - actual) > SkewSeconds)
        {
            result.Fail($"The token response says expires_in={expiresIn.ToString(CultureInfo.InvariantCulture)} but the {token.Label} expires {actual.ToString(CultureInfo.InvariantCulture)} s after iat: clients refresh on the wrong schedule (too late: failed calls; too early: wasted refreshes).");
        }

        foreach ((string claim, long? value) in new[] { ("iat", token.IssuedAt), ("nbf", token.NotBefore) })
        {
            if (value is long when && when > now + SkewSeconds)
            {
                result.Fail($"The {token.Label}'s {claim} lies {(when - now).ToString(CultureInfo.InvariantCulture)} s in the future (more than {SkewSeconds.ToString(CultureInfo.InvariantCulture)} s of clock skew): verifiers reject it, or the issuer's clock is wrong.");
            }
        }

        if (token.IsAccessToken && lifetime is long tokenLifetime)
        {
            JudgeSessionSettings(context.Configuration.Dashboard, tokenLifetime, result);
        }

        return result.Build($"The {token.Label} expires {(lifetime is long l ? l.ToString(CultureInfo.InvariantCulture) + " s after it was issued" : "as declared")}, within the policy.");
    }

    private static void JudgeSessionSettings(DashboardSettings dashboard, long tokenLifetime, ResultBuilder result)
    {
        long? idle = dashboard.SessionIdleTimeoutSeconds;
        long? absolute = dashboard.SessionAbsoluteTimeoutSeconds;
        result.Evidence("Session settings (declared)", "idle=" + (idle?.ToString(CultureInfo.InvariantCulture) ?? "(not declared)") + ", absolute=" + (absolute?.ToString(CultureInfo.InvariantCulture) ?? "(not declared)"));
        if (idle is long i && absolute is long a && a <= i)
        {
            result.Fail($"The absolute session timeout ({a.ToString(CultureInfo.InvariantCulture)} s) is not longer than the idle timeout ({i.ToString(CultureInfo.InvariantCulture)} s): Scalekit requires absolute > idle > access-token lifetime.");
        }

        long? shortest = idle ?? absolute;
        if (shortest is long s && s <= tokenLifetime)
        {
            result.Fail($"The {(idle is null ? "absolute" : "idle")} session timeout ({s.ToString(CultureInfo.InvariantCulture)} s) is not longer than the access-token lifetime ({tokenLifetime.ToString(CultureInfo.InvariantCulture)} s): the session ends while its token still works. Scalekit requires absolute > idle > access-token lifetime.");
        }
    }
}
