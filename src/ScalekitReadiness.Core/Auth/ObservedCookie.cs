using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.IdentityModel.Tokens.Jwt;
using ScalekitReadiness.Har;

namespace ScalekitReadiness.Auth;

/// <summary>
/// A cookie as a response set it (RFC 6265 §5.2 attribute parsing), with where it was seen. The value is kept
/// only to classify it (JWT? long opaque?) and to send it back to its own host; it is never shown.
/// </summary>
internal sealed class ObservedCookie
{
    private ObservedCookie(string name, string value, string seenAt)
    {
        Name = name;
        Value = value;
        SeenAt = seenAt;
    }

    public string Name { get; }

    public string Value { get; }

    /// <summary>Gets where the cookie was set, e.g. <c>GET https://app/auth/callback → 302</c>.</summary>
    public string SeenAt { get; }

    public string? Domain { get; private set; }

    public string? Path { get; private set; }

    public bool HttpOnly { get; private set; }

    public bool Secure { get; private set; }

    /// <summary>Gets the SameSite value as written (Lax, Strict, None...), or null when absent.</summary>
    public string? SameSite { get; private set; }

    public long? MaxAge { get; private set; }

    public DateTimeOffset? Expires { get; private set; }

    /// <summary>Gets a value indicating whether the value is a JWT (JWS or JWE compact form).</summary>
    public bool ValueIsJwt => Value.Length > 0 && new JwtSecurityTokenHandler().CanReadToken(Uri.UnescapeDataString(Value));

    /// <summary>Parses one Set-Cookie header value (tokenized by <see cref="SetCookie"/>); null when it has no name=value pair.</summary>
    public static ObservedCookie? Parse(string header, string seenAt)
    {
        if (SetCookie.Parse(header) is not SetCookie parsed)
        {
            return null;
        }

        IReadOnlyDictionary<string, string> attributes = parsed.Attributes;
        var cookie = new ObservedCookie(parsed.Name, parsed.Value.Trim('"'), seenAt)
        {
            HttpOnly = parsed.HttpOnly,
            Secure = parsed.Secure,
            SameSite = parsed.SameSite,
            Domain = attributes.TryGetValue("domain", out string? domain) && domain.Length > 0 ? domain : null,
            Path = attributes.TryGetValue("path", out string? path) ? path : null,
        };
        if (attributes.TryGetValue("max-age", out string? maxAge)
            && long.TryParse(maxAge, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds))
        {
            cookie.MaxAge = seconds;
        }

        if (attributes.TryGetValue("expires", out string? expires)
            && DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            cookie.Expires = when;
        }

        return cookie;
    }

    /// <summary>A cookie of a HAR <c>cookies</c> array, for exports that carry no Set-Cookie header.</summary>
    public static ObservedCookie FromHar(HarCookie har, string seenAt)
    {
        var cookie = new ObservedCookie(har.Name, har.Value, seenAt)
        {
            Domain = string.IsNullOrEmpty(har.Domain) ? null : har.Domain,
            Path = har.Path,
            HttpOnly = har.HttpOnly == true,
            Secure = har.Secure == true,
            SameSite = string.IsNullOrEmpty(har.SameSite) ? null : har.SameSite,
        };
        // Chrome writes the epoch (1969/1970) as the expiry of a session cookie: that is "no expiry", not a deletion.
        if (har.Expires is not null && DateTimeOffset.TryParse(har.Expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when) && when.Year > 1970)
        {
            cookie.Expires = when;
        }

        return cookie;
    }

    /// <summary>Gets a value indicating whether this Set-Cookie deletes the cookie (Max-Age ≤ 0 or an Expires in the past).</summary>
    public bool Deletes(DateTimeOffset now) => MaxAge is <= 0 || (MaxAge is null && Expires is DateTimeOffset expires && expires <= now);

    /// <summary>Gets the attributes as one line, without the value: <c>HttpOnly; Secure; SameSite=Lax; Path=/; value: 43 chars, opaque</c>.</summary>
    public string Describe()
    {
        string attributes = string.Join("; ", new[]
        {
            HttpOnly ? "HttpOnly" : "no HttpOnly",
            Secure ? "Secure" : "no Secure",
            SameSite is null ? "no SameSite" : "SameSite=" + SameSite,
            Path is null ? null : "Path=" + Path,
            Domain is null ? null : "Domain=" + Domain,
            MaxAge is null ? null : "Max-Age=" + MaxAge.Value.ToString(CultureInfo.InvariantCulture),
            Expires is null ? null : "Expires=" + Expires.Value.ToString("r", CultureInfo.InvariantCulture),
        }.Where(a => a is not null));
        return attributes + "; value: " + Value.Length.ToString(CultureInfo.InvariantCulture) + " chars, " + (ValueIsJwt ? "a JWT" : "opaque") + " (not shown)";
    }
}
