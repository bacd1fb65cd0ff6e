using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ScalekitReadiness.Http;

/// <summary>
/// Replaces secrets with <c>«redacted:sha256:&lt;8 hex&gt;»</c> before anything is recorded or shown.
/// The short hash lets a reader tell two secrets apart without learning either.
/// </summary>
internal sealed class Redactor
{
    // Names whose values are secrets wherever they appear: JSON members, form fields, query parameters.
    internal static readonly string[] SecretNames =
    {
        "access_token", "refresh_token", "id_token", "client_secret", "code", "code_verifier", "token",
        "password", "registration_access_token", "client_assertion", "subject_token", "actor_token", "assertion",
    };

    private static readonly Regex s_jwt = new(
        @"eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex s_jsonMember = new(
        "(\"(?:" + string.Join("|", SecretNames) + ")\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")",
        RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex s_formField = new(
        "((?:^|[?&])(?:" + string.Join("|", SecretNames) + ")=)([^&#\\s]*)",
        RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private readonly object _gate = new();
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    /// <summary>Returns the marker that stands for <paramref name="secret"/>.</summary>
    internal static string Marker(string secret)
    {
        using var sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(secret));
        var hex = new StringBuilder(8);
        for (int i = 0; i < 4; i++)
        {
            hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return "«redacted:sha256:" + hex + "»";
    }

    /// <summary>Remembers a secret (client secret, minted token) so every later text is scrubbed of it.</summary>
    internal void AddSecret(string? secret)
    {
        // Very short values would shred ordinary text; nothing that short is a real credential.
        if (secret is null || secret.Length < 6)
        {
            return;
        }

        lock (_gate)
        {
            _secrets.Add(secret);
        }
    }

    /// <summary>Scrubs known secrets, JWTs, and secret-named JSON members, form fields and query parameters.</summary>
    internal string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        string result = text!;
        string[] known;
        lock (_gate)
        {
            known = new string[_secrets.Count];
            _secrets.CopyTo(known);
        }

        foreach (string secret in known)
        {
            if (result.IndexOf(secret, StringComparison.Ordinal) >= 0)
            {
                result = result.Replace(secret, Marker(secret));
            }
        }

        result = s_jwt.Replace(result, m => Marker(m.Value));
        result = s_jsonMember.Replace(result, m => MarkUnlessEmpty(m, m.Groups[3].Value));
        result = s_formField.Replace(result, m => MarkUnlessEmpty(m, string.Empty));
        return result;
    }

    /// <summary>Redacts the credentials of an Authorization-style header, keeping the scheme.</summary>
    internal string RedactAuthorization(string value)
    {
        int space = value.IndexOf(' ');
        return space > 0
            ? value.Substring(0, space) + " " + Marker(value.Substring(space + 1).Trim())
            : Marker(value);
    }

    /// <summary>Redacts every value of a Cookie header: <c>a=1; b=2</c> becomes <c>a=«…»; b=«…»</c>.</summary>
    internal string RedactCookieHeader(string value)
    {
        string[] pairs = value.Split(';');
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = RedactCookiePair(pairs[i]);
        }

        return string.Join(";", pairs);
    }

    /// <summary>Redacts the value of a Set-Cookie header and keeps its attributes.</summary>
    internal string RedactSetCookieHeader(string value)
    {
        int semicolon = value.IndexOf(';');
        string first = semicolon >= 0 ? value.Substring(0, semicolon) : value;
        string rest = semicolon >= 0 ? value.Substring(semicolon) : string.Empty;
        return RedactCookiePair(first) + rest;
    }

    private static string RedactCookiePair(string pair)
    {
        int eq = pair.IndexOf('=');
        if (eq < 0)
        {
            return pair;
        }

        string cookieValue = pair.Substring(eq + 1).Trim();
        return cookieValue.Length == 0 ? pair : pair.Substring(0, eq + 1) + Marker(cookieValue);
    }

    // Group 1 is what precedes the secret, group 2 the secret; suffix closes the match (a JSON quote).
    private static string MarkUnlessEmpty(Match match, string suffix)
    {
        string secret = match.Groups[2].Value;
        return secret.Length == 0 || secret.StartsWith("«redacted:", StringComparison.Ordinal)
            ? match.Value
            : match.Groups[1].Value + Marker(secret) + suffix;
    }
}
