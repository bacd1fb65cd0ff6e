using System;
using System.Globalization;
using System.Linq;
using System.Net;

namespace ScalekitReadiness.Cors;

/// <summary>
/// Origins as browsers serialise them (RFC 6454 §6.2: <c>scheme://host[:port]</c>, lower case, default port
/// omitted), and the origins the CORS probe sends: an arbitrary one, <c>null</c>, and look-alikes of a real one.
/// </summary>
internal static class CorsOrigins
{
    /// <summary>An origin nobody owns (.invalid is reserved, RFC 2606): a server that allows it allows anything.</summary>
    public const string Arbitrary = "https://sk-probe.invalid";

    /// <summary>The opaque origin sent by sandboxed iframes and data:/file: documents.</summary>
    public const string Null = "null";

    private const string ProbeLabel = "sk-probe";

    // Second-level labels under which a two-letter country code is a public suffix of two labels (co.uk, com.au...).
    // The Public Suffix List is not shipped; this covers the common cases and the docs say so.
    private static readonly string[] s_secondLevelSuffixes =
    {
        "ac", "co", "com", "edu", "gob", "gov", "govt", "ltd", "mil", "ne", "net", "nic", "nom", "or", "org", "plc", "sch",
    };

    /// <summary>Parses an origin as a person writes it and returns its serialised form. A single trailing "/" is tolerated.</summary>
    /// <param name="value">The value as given, e.g. <c>https://App.Example.com/</c>.</param>
    /// <param name="origin">The serialised origin, e.g. <c>https://app.example.com</c>.</param>
    /// <param name="problem">Why the value is not an origin, when it is not.</param>
    /// <returns>True when <paramref name="value"/> is an http(s) origin.</returns>
    public static bool TryNormalize(string? value, out string origin, out string problem)
    {
        origin = string.Empty;
        string text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            problem = "it is empty";
            return false;
        }

        if (string.Equals(text, Null, StringComparison.OrdinalIgnoreCase))
        {
            problem = "'null' is the opaque origin of sandboxed and local documents; no deployment should allow it";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Host.Length == 0
            || !text.Contains("://"))
        {
            problem = "it is not an http or https origin (scheme://host[:port])";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.EndsWith("//", StringComparison.Ordinal))
        {
            problem = $"an origin is only scheme://host[:port], without user, path, query or fragment (did you mean {uri.GetLeftPart(UriPartial.Authority)}?)";
            return false;
        }

        origin = uri.GetLeftPart(UriPartial.Authority);
        problem = string.Empty;
        return true;
    }

    /// <summary>Returns the serialised origin of a URL.</summary>
    public static string Of(Uri url) => url.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// <c>https://&lt;host&gt;.sk-probe.invalid[:port]</c>: it starts like the real origin, so an allow-list that
    /// compares how the origin starts (<c>startsWith("https://app.example.com")</c>) accepts it, as it would
    /// accept an attacker's <c>app.example.com.attacker.example</c>.
    /// </summary>
    public static string PrefixTrick(string origin)
    {
        var uri = new Uri(origin);
        return uri.Scheme + "://" + uri.Host + "." + ProbeLabel + ".invalid" + PortPart(uri);
    }

    /// <summary>
    /// <c>https://sk-probe&lt;registrable domain&gt;[:port]</c>: it ends like the real origin, so an allow-list that
    /// compares how the origin ends (<c>endsWith("example.com")</c>) accepts it, as it would accept an attacker's
    /// <c>attackerexample.com</c>. Built from the registrable domain, not the full host, so that a policy that
    /// deliberately allows every subdomain of the domain (<c>endsWith(".example.com")</c>) is not mistaken for it:
    /// <c>sk-probeexample.com</c> is a domain anyone can register, <c>sk-probeapp.example.com</c> is not.
    /// </summary>
    public static string SuffixTrick(string origin)
    {
        var uri = new Uri(origin);
        return uri.Scheme + "://" + ProbeLabel + RegistrableDomain(uri.Host) + PortPart(uri);
    }

    /// <summary>The registrable domain of a host (an approximation of the Public Suffix List's answer); an IP address is its own.</summary>
    internal static string RegistrableDomain(string host)
    {
        if (host.IndexOf(':') >= 0 || host.StartsWith("[", StringComparison.Ordinal) || IPAddress.TryParse(host, out _))
        {
            return host;
        }

        string[] labels = host.TrimEnd('.').Split('.');
        if (labels.Length <= 2)
        {
            return string.Join(".", labels);
        }

        bool twoLabelSuffix = labels[labels.Length - 1].Length == 2
            && s_secondLevelSuffixes.Contains(labels[labels.Length - 2], StringComparer.OrdinalIgnoreCase);
        int keep = twoLabelSuffix ? 3 : 2;
        return string.Join(".", labels.Skip(labels.Length - keep));
    }

    private static string PortPart(Uri uri) =>
        uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
}
