using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace ScalekitReadiness.Auth;

/// <summary>
/// Offline judgement of redirect URIs (SK-AUTH-010): byte-for-byte membership in the dashboard's allowed list with
/// near misses named, and the production rules (https, no loopback, no wildcard, no query, no fragment, ≤ 256 chars).
/// Pure string work: nothing is sent.
/// </summary>
internal static class RedirectUriRules
{
    public const int MaxLength = 256;

    /// <summary>The production rules <paramref name="uri"/> breaks, each as one sentence.</summary>
    public static IEnumerable<string> ProductionProblems(string uri)
    {
        if (uri.Length > MaxLength)
        {
            yield return $"'{uri}' is {uri.Length} characters long; Scalekit accepts at most {MaxLength}.";
        }

        if (uri.IndexOf('*') >= 0)
        {
            yield return $"'{uri}' contains a wildcard '*': production redirect URIs must be exact.";
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? parsed) || parsed.Host.Length == 0)
        {
            yield return $"'{uri}' is not an absolute URL.";
            yield break;
        }

        if (parsed.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"'{uri}' uses {parsed.Scheme}: production redirect URIs must be https, or the code travels unprotected.";
        }

        if (IsLoopback(parsed))
        {
            yield return $"'{uri}' points at {parsed.Host}: localhost and loopback redirect URIs belong in development, not production.";
        }

        if (parsed.Query.Length > 0)
        {
            yield return $"'{uri}' has a query string: redirect URIs must not carry one (it breaks exact matching and leaks into logs).";
        }

        if (uri.IndexOf('#') >= 0)
        {
            yield return $"'{uri}' has a fragment: redirect URIs must not have one (RFC 6749 §3.1.2).";
        }
    }

    /// <summary>How <paramref name="uri"/> differs from the closest allowed URI, or null when it is allowed byte for byte.</summary>
    public static string? Mismatch(string uri, IReadOnlyCollection<string> allowed)
    {
        if (allowed.Contains(uri, StringComparer.Ordinal))
        {
            return null;
        }

        foreach (string candidate in allowed)
        {
            string? difference = NearMiss(uri, candidate);
            if (difference is not null)
            {
                return $"'{uri}' is not in the allowed callback URLs; it is a near miss of '{candidate}' ({difference}). Scalekit compares byte for byte and will refuse it.";
            }
        }

        return $"'{uri}' is not in the allowed callback URLs ({string.Join(", ", allowed)}).";
    }

    /// <summary>Names the one kind of difference between two URIs that are otherwise the same, or null.</summary>
    internal static string? NearMiss(string uri, string allowed)
    {
        if (string.Equals(uri.TrimEnd('/'), allowed.TrimEnd('/'), StringComparison.Ordinal))
        {
            return "trailing slash";
        }

        if (string.Equals(uri, allowed, StringComparison.OrdinalIgnoreCase))
        {
            return "letter case";
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out Uri? a) || !Uri.TryCreate(allowed, UriKind.Absolute, out Uri? b))
        {
            return null;
        }

        bool sameHostAndPath = string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.AbsolutePath == b.AbsolutePath;
        if (sameHostAndPath && a.Scheme != b.Scheme && a.Query == b.Query)
        {
            return "scheme " + a.Scheme + " instead of " + b.Scheme;
        }

        if (sameHostAndPath && a.Scheme == b.Scheme && a.Port != b.Port && a.Query == b.Query)
        {
            return "port " + a.Port + " instead of " + b.Port;
        }

        if (sameHostAndPath && a.Scheme == b.Scheme && a.Port == b.Port && a.Query != b.Query)
        {
            return "query string";
        }

        return null;
    }

    private static bool IsLoopback(Uri uri)
    {
        string host = uri.Host.Trim('[', ']').ToLowerInvariant();
        return host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal)
            || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address));
    }
}
