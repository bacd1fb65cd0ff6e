using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ScalekitReadiness.Auth;

/// <summary>One Set-Cookie header (RFC 6265 §5.2): the cookie's name and value and the attributes that matter for safety.</summary>
internal sealed class SetCookie
{
    private readonly string _attributesAsSent;

    private SetCookie(string name, string value, IReadOnlyDictionary<string, string> attributes, string attributesAsSent)
    {
        Name = name;
        Value = value;
        Attributes = attributes;
        _attributesAsSent = attributesAsSent;
    }

    public string Name { get; }

    /// <summary>Gets the value: a secret of the deployment (never put it in a result).</summary>
    public string Value { get; }

    /// <summary>Gets the attributes by lower-cased name (flags map to an empty string).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    public bool HttpOnly => Attributes.ContainsKey("httponly");

    public bool Secure => Attributes.ContainsKey("secure");

    /// <summary>Gets the SameSite value as sent (Lax, Strict, None), or null.</summary>
    public string? SameSite => Attributes.TryGetValue("samesite", out string? value) ? value : null;

    /// <summary>Gets a value indicating whether the header deletes the cookie (empty value, Max-Age ≤ 0 or an Expires in the past).</summary>
    public bool Clears
    {
        get
        {
            if (Attributes.TryGetValue("max-age", out string? maxAge)
                && long.TryParse(maxAge, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds))
            {
                return seconds <= 0;
            }

            if (Attributes.TryGetValue("expires", out string? expires)
                && DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
            {
                return when < DateTimeOffset.UtcNow;
            }

            return Value.Length == 0;
        }
    }

    /// <summary>The flags in one line for evidence, without the value: <c>sk_login: HttpOnly; Secure; SameSite=Lax; Path=/</c>.</summary>
    public string Describe() => Name + ": " + (_attributesAsSent.Length == 0 ? "no attributes" : _attributesAsSent);

    /// <summary>Parses one Set-Cookie header value; null when it has no name=value pair.</summary>
    public static SetCookie? Parse(string header)
    {
        string[] parts = header.Split(';');
        int equals = parts[0].IndexOf('=');
        if (equals <= 0)
        {
            return null;
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var asSent = new List<string>();
        foreach (string part in parts.Skip(1))
        {
            string trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            asSent.Add(trimmed);

            int eq = trimmed.IndexOf('=');
            string key = (eq < 0 ? trimmed : trimmed.Substring(0, eq)).Trim().ToLowerInvariant();
            attributes[key] = eq < 0 ? string.Empty : trimmed.Substring(eq + 1).Trim();
        }

        return new SetCookie(parts[0].Substring(0, equals).Trim(), parts[0].Substring(equals + 1).Trim(), attributes, string.Join("; ", asSent));
    }

    /// <summary>Every parseable Set-Cookie header of a response.</summary>
    public static IReadOnlyList<SetCookie> AllOf(IEnumerable<string> headers) =>
        headers.Select(Parse).Where(c => c is not null).Select(c => c!).ToList();

    /// <summary>The Cookie request header a browser would send back for <paramref name="cookies"/> (cleared ones left out).</summary>
    public static string? CookieHeader(IEnumerable<SetCookie> cookies)
    {
        string joined = string.Join("; ", cookies.Where(c => !c.Clears).Select(c => c.Name + "=" + c.Value));
        return joined.Length == 0 ? null : joined;
    }
}
