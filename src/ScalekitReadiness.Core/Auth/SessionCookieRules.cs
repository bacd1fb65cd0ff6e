using System;
using System.Collections.Generic;
using System.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Har;

namespace ScalekitReadiness.Auth;

/// <summary>SK-AUTH-040's rules for one cookie: which cookies count as session or token cookies, and how they must be set.</summary>
internal static class SessionCookieRules
{
    private static readonly string[] s_sessionNameParts =
    {
        "session", "sid", "auth", "token", "access", "refresh", "id_token", ".aspnetcore.", "connect.sid", "__host-", "__secure-",
    };

    /// <summary>Gets a value indicating whether a cookie looks like a session or token cookie (by name, or by a JWT or long opaque value).</summary>
    public static bool IsSessionLike(ObservedCookie cookie)
    {
        string name = cookie.Name.ToLowerInvariant();
        return s_sessionNameParts.Any(part => name.Contains(part)) || cookie.ValueIsJwt || cookie.Value.Length >= 20;
    }

    /// <summary>Judges one session-like cookie set for <paramref name="host"/> and records its findings.</summary>
    public static void Judge(ObservedCookie cookie, string host, ResultBuilder result)
    {
        string where = $"The cookie '{cookie.Name}' (set by {cookie.SeenAt})";
        result.Evidence("Cookie " + cookie.Name + " (" + cookie.SeenAt + ")", cookie.Describe());
        if (!cookie.HttpOnly && cookie.ValueIsJwt)
        {
            result.FailWithSeverity(
                Severity.Critical,
                $"{where} holds a JWT and is not HttpOnly: any script on the page — one XSS — can read the token and use it elsewhere. Keep tokens server-side or in an HttpOnly cookie.");
        }
        else if (!cookie.HttpOnly)
        {
            result.Fail($"{where} is not HttpOnly: scripts on the page (an XSS) can read the session and hijack it. Add HttpOnly.");
        }

        if (!cookie.Secure)
        {
            result.Fail($"{where} is not Secure: the browser also sends it over plain http, where anyone on the path can read it. Add Secure.");
        }

        if (cookie.SameSite is null)
        {
            result.Fail($"{where} has no SameSite attribute: set SameSite=Lax (or Strict) so cross-site requests do not carry the session (CSRF).");
        }
        else if (string.Equals(cookie.SameSite, "None", StringComparison.OrdinalIgnoreCase))
        {
            if (cookie.Secure)
            {
                result.Warn($"{where} is SameSite=None: every cross-site request carries the session (CSRF exposure). Use Lax or Strict unless the app is embedded cross-site on purpose.");
            }
            else
            {
                result.Fail($"{where} is SameSite=None without Secure: browsers reject it, and where accepted every cross-site request carries the session.");
            }
        }
        else if (!string.Equals(cookie.SameSite, "Lax", StringComparison.OrdinalIgnoreCase) && !string.Equals(cookie.SameSite, "Strict", StringComparison.OrdinalIgnoreCase))
        {
            result.Fail($"{where} has SameSite={cookie.SameSite}, which browsers do not know; use Lax or Strict.");
        }

        if (cookie.Domain is string domain)
        {
            string bare = domain.TrimStart('.');
            if (!string.Equals(bare, host, StringComparison.OrdinalIgnoreCase))
            {
                string relation = host.EndsWith("." + bare, StringComparison.OrdinalIgnoreCase)
                    ? "broader than the app host " + host + ": every subdomain of " + bare + " receives the session"
                    : "not the app host " + host;
                result.Warn($"{where} has Domain={domain}, {relation}. Leave Domain out so the cookie stays host-only.");
            }
        }

        if (!cookie.Name.StartsWith("__Host-", StringComparison.Ordinal))
        {
            result.Evidence("Info: " + cookie.Name, "consider the __Host- prefix (__Host-" + cookie.Name + "): browsers then enforce Secure, Path=/ and no Domain.");
        }
    }

    /// <summary>Every cookie a HAR's responses set, from Set-Cookie headers or, when an exporter left them out, from the cookies array.</summary>
    public static IEnumerable<(ObservedCookie Cookie, Uri? Url)> FromHar(IEnumerable<HarEntry> entries)
    {
        foreach (HarEntry entry in entries)
        {
            string[] headers = entry.ResponseHeaderValues("Set-Cookie").Where(v => v.Length > 0).ToArray();
            if (headers.Length > 0)
            {
                foreach (string header in headers)
                {
                    if (ObservedCookie.Parse(header, entry.Description) is ObservedCookie cookie)
                    {
                        yield return (cookie, entry.Uri);
                    }
                }
            }
            else
            {
                foreach (HarCookie har in entry.ResponseCookies)
                {
                    yield return (ObservedCookie.FromHar(har, entry.Description), entry.Uri);
                }
            }
        }
    }
}
