using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ScalekitReadiness.Auth;

/// <summary>
/// Looks at an error page the way an attacker would: is a stack trace shown, is the probe's marker reflected without
/// HTML escaping. Shared by the callback checks (SK-AUTH-030, SK-AUTH-031) and usable by any error-surface check.
/// </summary>
internal static class ErrorPageInspector
{
    private static readonly (string Platform, Regex Pattern)[] s_stackTraces =
    {
        (".NET", new Regex(@"^\s+at System\.|\s+at [\w.`<>]+\(.*\) in .+:line \d+", RegexOptions.Multiline | RegexOptions.CultureInvariant)),
        ("Python", new Regex(@"Traceback \(most recent call last\)", RegexOptions.CultureInvariant)),
        ("Node.js", new Regex(@"at Object\.<anonymous>|^\s+at .+ \((?:/|node:)[^)]*:\d+:\d+\)", RegexOptions.Multiline | RegexOptions.CultureInvariant)),
        ("Java", new Regex(@"Exception in thread ""|^\s+at [\w$.]+\([\w$]+\.java:\d+\)", RegexOptions.Multiline | RegexOptions.CultureInvariant)),
    };

    /// <summary>A fresh marker with HTML metacharacters: if it comes back as is, the page reflects input unescaped.</summary>
    public static string NewMarker() => "<sk-probe-" + Pkce.RandomValue(6).Replace('-', 'x').Replace('_', 'y').ToLowerInvariant() + ">";

    /// <summary>The platforms whose stack trace the body shows (empty when none).</summary>
    public static IReadOnlyList<string> StackTraces(string body) =>
        s_stackTraces.Where(s => s.Pattern.IsMatch(body)).Select(s => s.Platform).ToList();

    /// <summary>Whether <paramref name="marker"/> appears in <paramref name="body"/> byte for byte (unescaped).</summary>
    public static bool ReflectsUnescaped(string body, string marker) => body.IndexOf(marker, StringComparison.Ordinal) >= 0;
}
