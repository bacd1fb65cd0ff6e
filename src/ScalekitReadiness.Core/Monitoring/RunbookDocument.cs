using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ScalekitReadiness.Monitoring;

/// <summary>
/// What an incident runbook (Markdown or text) says, as far as a machine can tell: who to contact, its rollback
/// section, a Scalekit escalation path, and the <c>Last reviewed:</c> / <c>Last rehearsed:</c> dates.
/// </summary>
internal sealed class RunbookDocument
{
    private static readonly Regex s_heading = new(@"^\s{0,3}#{1,6}\s+(?<title>.+?)\s*#*\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_underline = new(@"^\s*(=+|-+)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_contact = new(
        @"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\+\d[\d ().-]{6,}\d|\b(phone|tel)\b\s*[:.]?\s*\(?\d|\bon[- ]?call\b|\bpagerduty\b|\bopsgenie\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_rollback = new(@"\broll[- ]?back\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_escalation = new(@"\b(support|escalat\w*|contact|ticket|slack|status page)\b|@scalekit\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_switch = new(@"\b(feature[- ]?flag|flag|toggle|switch|environment variable|env var|config(uration)? (key|setting|value))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_switchName = new(@"`[^`]+`|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b[\w.-]+\s*=\s*\w+", RegexOptions.CultureInvariant);
    private static readonly Regex s_mcpAuth = new(@"\bmcp\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex s_session = new(@"\bsessions?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private RunbookDocument(string[] lines)
    {
        Lines = lines;
        ContactLines = lines.Where(l => s_contact.IsMatch(l)).Select(l => l.Trim()).ToArray();
        EscalationLine = lines.FirstOrDefault(l => l.IndexOf("scalekit", StringComparison.OrdinalIgnoreCase) >= 0 && s_escalation.IsMatch(l))?.Trim();
        LastReviewed = DateAfter(lines, "Last reviewed");
        LastRehearsed = DateAfter(lines, "Last rehearsed");
        (RollbackHeading, RollbackSection) = Section(lines, s_rollback);
    }

    public string[] Lines { get; }

    /// <summary>Gets the lines that name a contact: an email, a phone number (+country code, or after 'phone'/'tel'), an on-call or paging reference.</summary>
    public IReadOnlyList<string> ContactLines { get; }

    /// <summary>Gets the first line that names Scalekit together with support, escalation, contact, ticket or Slack.</summary>
    public string? EscalationLine { get; }

    /// <summary>Gets the date of a <c>Last reviewed: YYYY-MM-DD</c> line.</summary>
    public DateTime? LastReviewed { get; }

    /// <summary>Gets the date of a <c>Last rehearsed: YYYY-MM-DD</c> line.</summary>
    public DateTime? LastRehearsed { get; }

    /// <summary>Gets the title of the rollback section, if there is one.</summary>
    public string? RollbackHeading { get; }

    /// <summary>Gets the text of the rollback section (without its heading).</summary>
    public string RollbackSection { get; }

    /// <summary>Gets the switch (a feature flag or configuration key, named) that the rollback section uses, if it names one.</summary>
    public string? RollbackSwitch =>
        RollbackSection.Split('\n').Where(l => s_switch.IsMatch(l) && s_switchName.IsMatch(l)).Select(l => l.Trim()).FirstOrDefault();

    /// <summary>Gets a value indicating whether the rollback section speaks of MCP (auth).</summary>
    public bool RollbackMentionsMcp => s_mcpAuth.IsMatch(RollbackSection);

    /// <summary>Gets the line of the rollback section that speaks of sessions, if any.</summary>
    public string? RollbackSessionLine => RollbackSection.Split('\n').Where(l => s_session.IsMatch(l)).Select(l => l.Trim()).FirstOrDefault();

    public static RunbookDocument Read(string path) =>
        new(File.ReadAllText(path).Replace("\r\n", "\n").Split('\n'));

    private static DateTime? DateAfter(string[] lines, string label)
    {
        var pattern = new Regex(@"\b" + Regex.Escape(label) + @"\s*[:=]\s*\**\s*(?<date>\d{4}-\d{2}-\d{2})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return lines
            .Select(l => pattern.Match(l))
            .Where(m => m.Success)
            .Select(m => DateTime.TryParseExact(m.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime d) ? d : (DateTime?)null)
            .FirstOrDefault(d => d is not null);
    }

    // A section runs from its heading (Markdown #, or a line underlined with === / ---) to the next heading.
    private static (string? Heading, string Text) Section(string[] lines, Regex title)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            string? heading = HeadingAt(lines, i);
            if (heading is null || !title.IsMatch(heading))
            {
                continue;
            }

            var body = new List<string>();
            for (int j = i + (s_heading.IsMatch(lines[i]) ? 1 : 2); j < lines.Length && HeadingAt(lines, j) is null; j++)
            {
                body.Add(lines[j]);
            }

            return (heading, string.Join("\n", body));
        }

        return (null, string.Empty);
    }

    private static string? HeadingAt(string[] lines, int i)
    {
        Match match = s_heading.Match(lines[i]);
        if (match.Success)
        {
            return match.Groups["title"].Value;
        }

        return i + 1 < lines.Length && lines[i].Trim().Length > 0 && s_underline.IsMatch(lines[i + 1]) ? lines[i].Trim() : null;
    }
}
