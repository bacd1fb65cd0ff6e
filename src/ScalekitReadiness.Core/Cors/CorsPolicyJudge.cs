using System;
using System.Collections.Generic;
using System.Linq;
using ScalekitReadiness.Audit;

namespace ScalekitReadiness.Cors;

/// <summary>The rules of SK-QC-020, applied to the answers one endpoint gave to the probe origins.</summary>
internal static class CorsPolicyJudge
{
    public static CheckResult Judge(CorsEndpointKind kind, Uri url, IReadOnlyList<CorsAnswer> answers, ResultBuilder result)
    {
        bool isPublic = kind == CorsEndpointKind.PublicMetadata;
        bool wildcardWithCredentials = JudgeWildcardWithCredentials(answers, result);
        bool reflectsAnything = JudgeArbitraryOrigin(answers, isPublic, result);
        if (!reflectsAnything)
        {
            // When every origin is reflected, null and the look-alikes add nothing to that one finding.
            JudgeNullOrigin(answers, isPublic, result);
            JudgeLookAlikes(answers, isPublic, result);
        }

        if (!isPublic && !wildcardWithCredentials)
        {
            JudgeWildcard(kind, answers, result);
        }

        JudgeAllowedOrigins(kind, url, answers, result);
        if (kind == CorsEndpointKind.ProtectedResource)
        {
            JudgeExposedChallenge(answers, result);
        }

        return result.Build(PassedMessage(isPublic, answers));
    }

    private static bool JudgeWildcardWithCredentials(IReadOnlyList<CorsAnswer> answers, ResultBuilder result)
    {
        CorsAnswer[] wildcard = answers.Where(a => a.IsWildcard && a.WithCredentials).ToArray();
        if (wildcard.Length > 0)
        {
            result.Fail(
                $"It answers Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true ({Where(wildcard)}). Browsers refuse that pair, and it shows the server is meant to share credentialed answers with every site: the usual \"fix\", echoing the Origin back, opens them to any website. Name your origins instead.");
        }

        return wildcard.Length > 0;
    }

    private static bool JudgeArbitraryOrigin(IReadOnlyList<CorsAnswer> answers, bool isPublic, ResultBuilder result)
    {
        CorsAnswer[] reflected = answers.Where(a => a.Sent.Role == CorsOriginRole.Arbitrary && a.Reflects).ToArray();
        if (reflected.Length == 0)
        {
            return false;
        }

        CorsAnswer[] withCredentials = reflected.Where(a => a.WithCredentials).ToArray();
        if (withCredentials.Length > 0)
        {
            result.Fail(
                $"It reflects any origin with credentials: Origin {CorsOrigins.Arbitrary} got Access-Control-Allow-Origin: {CorsOrigins.Arbitrary} and Access-Control-Allow-Credentials: true ({Where(withCredentials)}). Any website can call it in a signed-in user's browser, with their cookies, and read the answer.");
        }
        else if (isPublic)
        {
            result.Evidence("Arbitrary origin", "reflected without credentials: as open as Access-Control-Allow-Origin: *, which public metadata may be");
        }
        else
        {
            result.Fail(
                $"It reflects any origin: Origin {CorsOrigins.Arbitrary} got Access-Control-Allow-Origin: {CorsOrigins.Arbitrary} ({Where(reflected)}). The allow-list is not applied, so any website can read its answers.");
        }

        return true;
    }

    private static void JudgeNullOrigin(IReadOnlyList<CorsAnswer> answers, bool isPublic, ResultBuilder result)
    {
        CorsAnswer[] allowed = answers.Where(a => a.Sent.Role == CorsOriginRole.Null && a.Reflects).ToArray();
        bool credentials = allowed.Any(a => a.WithCredentials);
        if (allowed.Length > 0 && (!isPublic || credentials))
        {
            result.Fail(
                $"It allows the origin null: Origin null got Access-Control-Allow-Origin: null{(credentials ? " with Access-Control-Allow-Credentials: true" : string.Empty)} ({Where(allowed)}). Sandboxed iframes and data: or file: documents send Origin: null, so any website can obtain that origin.");
        }
    }

    private static void JudgeLookAlikes(IReadOnlyList<CorsAnswer> answers, bool isPublic, ResultBuilder result)
    {
        IEnumerable<IGrouping<CorsProbeOrigin, CorsAnswer>> accepted = answers
            .Where(a => a.Sent.Role is CorsOriginRole.PrefixTrick or CorsOriginRole.SuffixTrick && a.Reflects)
            .GroupBy(a => a.Sent);
        foreach (IGrouping<CorsProbeOrigin, CorsAnswer> trick in accepted)
        {
            bool credentials = trick.Any(a => a.WithCredentials);
            if (isPublic && !credentials)
            {
                continue;
            }

            string sent = trick.Key.Origin;
            string real = trick.Key.Imitates!;
            string with = credentials ? ", with credentials" : string.Empty;
            if (trick.Key.Role == CorsOriginRole.PrefixTrick)
            {
                string host = new Uri(real).Host;
                result.Fail(
                    $"It accepts {sent}, a look-alike of {real} (prefix match){with} ({Where(trick)}): the allow-list checks how the origin starts, so an attacker's domain such as {host}.attacker.example passes too. Compare the whole origin.");
            }
            else
            {
                string domain = CorsOrigins.RegistrableDomain(new Uri(real).Host);
                result.Fail(
                    $"It accepts {sent}, a look-alike of {real} (suffix match){with} ({Where(trick)}): the allow-list checks how the origin ends, so any domain ending in {domain}, such as attacker{domain}, passes too. Compare the whole origin.");
            }
        }
    }

    private static void JudgeWildcard(CorsEndpointKind kind, IReadOnlyList<CorsAnswer> answers, ResultBuilder result)
    {
        CorsAnswer[] wildcard = answers.Where(a => a.IsWildcard).ToArray();
        if (wildcard.Length == 0)
        {
            return;
        }

        string who = kind == CorsEndpointKind.ProtectedResource
            ? "any website can call it with a token it holds and read the answer"
            : "any website can read its answers (without the user's cookies)";
        result.Warn($"It answers Access-Control-Allow-Origin: * ({Where(wildcard)}): {who}. That suits public documents only; name your origins instead.");
    }

    /// <summary>
    /// An allowed origin the API or the MCP endpoint refuses breaks the app (Warning). Pages the browser navigates
    /// to need no CORS, and a same-origin caller is not subject to CORS, so those are evidence only.
    /// </summary>
    private static void JudgeAllowedOrigins(CorsEndpointKind kind, Uri url, IReadOnlyList<CorsAnswer> answers, ResultBuilder result)
    {
        // Metadata is fetched with a simple GET; a preflight for a POST with Authorization is not how clients read it.
        IEnumerable<CorsAnswer> relevant = answers.Where(a => a.Sent.Role == CorsOriginRole.Allowed && (kind != CorsEndpointKind.PublicMetadata || !a.IsPreflight));
        foreach (IGrouping<CorsProbeOrigin, CorsAnswer> origin in relevant.GroupBy(a => a.Sent))
        {
            CorsAnswer[] refused = origin.Where(a => !a.Allows).ToArray();
            string name = origin.Key.Origin;
            if (refused.Length == 0)
            {
                result.Evidence("Allowed origin " + name, "allowed" + (origin.All(a => a.WithCredentials) ? ", with credentials" : string.Empty));
                continue;
            }

            string how = string.Join("; ", refused.Select(a => a.Probe + ": " + (a.AllowOriginValues.Count == 0 ? "no Access-Control-Allow-Origin" : "Access-Control-Allow-Origin: " + string.Join(" | ", a.AllowOriginValues))));
            if (string.Equals(name, CorsOrigins.Of(url), StringComparison.Ordinal))
            {
                result.Evidence("Allowed origin " + name, "refused (" + how + "), but it is the endpoint's own origin, to which browsers apply no CORS");
            }
            else if (kind is CorsEndpointKind.AppApi or CorsEndpointKind.ProtectedResource)
            {
                result.Warn($"It does not allow your origin {name} ({how}): the browser blocks calls from {name} to it. Allow {name}, or record an exception for this endpoint if {name} never calls it.");
            }
            else
            {
                result.Evidence("Allowed origin " + name, "refused (" + how + "); not needed for " + (kind == CorsEndpointKind.AppPage ? "a page the browser navigates to" : "public metadata"));
            }
        }
    }

    /// <summary>Browser-based MCP clients can read the 401 challenge (and the session id) only when the answer exposes them.</summary>
    private static void JudgeExposedChallenge(IReadOnlyList<CorsAnswer> answers, ResultBuilder result)
    {
        CorsAnswer[] granted = answers.Where(a => !a.IsPreflight && a.Sent.Role == CorsOriginRole.Allowed && a.Allows).ToArray();
        if (granted.Length == 0)
        {
            granted = answers.Where(a => !a.IsPreflight && a.IsWildcard).ToArray();
        }

        if (granted.Length == 0)
        {
            result.Evidence("Exposed headers", "not judged: no allowed origin may read the answers, so browser-based MCP clients cannot call this endpoint at all");
            return;
        }

        CorsAnswer[] hidden = granted.Where(a => !a.ExposesHeader("WWW-Authenticate")).ToArray();
        if (hidden.Length > 0)
        {
            string list = hidden[0].ExposeHeaders is string value ? "'" + value + "'" : "absent";
            result.Warn(
                $"Access-Control-Expose-Headers does not list WWW-Authenticate (it is {list} on the GET answer for {hidden[0].Sent.Origin}): a browser-based MCP client cannot read the 401 challenge, so it cannot find the protected resource metadata and the authorization server.");
        }

        result.Evidence(
            "Mcp-Session-Id exposed",
            (granted.All(a => a.ExposesHeader("Mcp-Session-Id")) ? "yes" : "no")
            + " (needed only when the server issues sessions, which cannot be told without a token)");
    }

    private static string PassedMessage(bool isPublic, IReadOnlyList<CorsAnswer> answers)
    {
        if (isPublic)
        {
            return answers.Any(a => a.IsWildcard || a.Reflects)
                ? "Public metadata readable by any origin without credentials, as it should be."
                : "Public metadata not shared with other origins and never with credentials.";
        }

        string[] imitated = answers.Select(a => a.Sent.Imitates).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        return $"CORS is restricted to your origins: {CorsOrigins.Arbitrary}, null and the look-alikes of {string.Join(", ", imitated)} were refused.";
    }

    /// <summary>Names the probes that saw a finding: "preflight and GET", "preflight" or "GET".</summary>
    private static string Where(IEnumerable<CorsAnswer> answers)
    {
        string[] probes = answers.Select(a => a.Probe).Distinct(StringComparer.Ordinal).ToArray();
        return probes.Length > 1 ? "preflight and GET" : probes[0];
    }
}
