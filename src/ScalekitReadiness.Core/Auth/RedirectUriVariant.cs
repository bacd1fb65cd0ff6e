using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.Auth;

/// <summary>
/// A deliberately wrong copy of a registered redirect URI that an authorization server with exact matching must
/// refuse. Built by string surgery on the URI as written, so letter case and other details the Uri class would
/// normalise survive.
/// </summary>
internal sealed class RedirectUriVariant
{
    /// <summary>A host under the reserved .invalid TLD: nothing ever answers there.</summary>
    internal const string ProbeHost = "sk-probe.invalid";

    private RedirectUriVariant(string name, string uri)
    {
        Name = name;
        Uri = uri;
    }

    /// <summary>Gets what was changed, e.g. "trailing slash added".</summary>
    public string Name { get; }

    public string Uri { get; }

    /// <summary>The variants of <paramref name="registered"/> from the catalog (SK-AUTH-010); none when it is not an absolute URL.</summary>
    public static IReadOnlyList<RedirectUriVariant> Of(string registered)
    {
        int schemeEnd = registered.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !System.Uri.TryCreate(registered, UriKind.Absolute, out Uri? parsed))
        {
            return Array.Empty<RedirectUriVariant>();
        }

        string scheme = registered.Substring(0, schemeEnd);
        int authorityStart = schemeEnd + 3;
        int authorityEnd = registered.IndexOfAny(new[] { '/', '?', '#' }, authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = registered.Length;
        }

        string authority = registered.Substring(authorityStart, authorityEnd - authorityStart);
        string rest = registered.Substring(authorityEnd);
        int queryStart = rest.IndexOfAny(new[] { '?', '#' });
        string path = queryStart < 0 ? rest : rest.Substring(0, queryStart);
        string tail = queryStart < 0 ? string.Empty : rest.Substring(queryStart);
        string port = parsed.IsDefaultPort ? string.Empty : ":" + parsed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string host = parsed.Host;

        var variants = new List<RedirectUriVariant>
        {
            path.EndsWith("/", StringComparison.Ordinal)
                ? new("trailing slash removed", scheme + "://" + authority + path.TrimEnd('/') + tail)
                : new("trailing slash added", scheme + "://" + authority + path + "/" + tail),
            new("extra path segment", scheme + "://" + authority + path.TrimEnd('/') + "/sk-probe" + tail),
        };
        if (host.Any(char.IsLetter))
        {
            variants.Add(new("upper-cased host", scheme + "://" + authority.ToUpperInvariant() + rest));
        }

        variants.Add(scheme == "https"
            ? new("http scheme", "http://" + authority + rest)
            : new("https scheme", "https://" + authority + rest));
        variants.Add(new("appended query", registered + (registered.IndexOf('?') >= 0 ? "&" : "?") + "sk_probe=1"));
        variants.Add(new("userinfo trick", scheme + "://" + authority + "@" + ProbeHost + rest));
        variants.Add(new("attacker subdomain suffix", scheme + "://" + host + "." + ProbeHost + port + rest));
        variants.Add(new("foreign host", scheme + "://" + ProbeHost + rest));
        return variants;
    }
}
