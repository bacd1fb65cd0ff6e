using System;
using System.Globalization;
using System.Text;

namespace ScalekitReadiness.Reports;

/// <summary>Text helpers shared by the report writers.</summary>
internal static class ReportText
{
    /// <summary>Returns the first reason of a result, or its message when it has none.</summary>
    public static string FirstReason(CheckResult result) => result.Reasons.Count > 0 ? result.Reasons[0] : result.Message;

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> characters, marking the cut with an ellipsis.</summary>
    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : text.Substring(0, max - 1) + "…";

    /// <summary>Formats a duration as seconds with up to seven decimals (tick precision), invariant culture.</summary>
    public static string Seconds(TimeSpan duration) =>
        (duration.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.0######", CultureInfo.InvariantCulture);

    /// <summary>Formats a timestamp as ISO 8601 with its offset (round-trip form).</summary>
    public static string Iso(DateTimeOffset timestamp) => timestamp.ToString("o", CultureInfo.InvariantCulture);

    /// <summary>Formats a timestamp for people: 2026-11-20 08:30:15 UTC (or with its offset when not UTC).</summary>
    public static string Human(DateTimeOffset timestamp) =>
        timestamp.Offset == TimeSpan.Zero
            ? timestamp.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : timestamp.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>Returns the URL when <paramref name="text"/> is an absolute http(s) URL (the only links a report makes).</summary>
    public static Uri? WebUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp) ? url : null;

    /// <summary>
    /// Escapes <paramref name="text"/> for one output language: each character <paramref name="escape"/> maps to a
    /// string is replaced by it; characters XML 1.0 forbids are replaced with U+FFFD first (<see cref="XmlSafe"/>).
    /// </summary>
    public static string Escape(string text, Func<char, string?> escape)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in XmlSafe(text))
        {
            if (escape(c) is string replacement)
            {
                builder.Append(replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Replaces the characters XML 1.0 forbids (control characters other than tab, line feed and carriage
    /// return; lone surrogates; U+FFFE/U+FFFF) with U+FFFD, so server-controlled text can never break a report.
    /// </summary>
    public static string XmlSafe(string text)
    {
        StringBuilder? builder = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool valid;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            valid = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!valid && builder is null)
            {
                builder = new StringBuilder(text.Length).Append(text, 0, i);
            }

            builder?.Append(valid ? c : '\uFFFD');
        }

        return builder?.ToString() ?? text;
    }
}
