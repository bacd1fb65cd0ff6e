using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ScalekitReadiness.Reports;

/// <summary>
/// GitHub-flavoured Markdown for a CI job summary ($GITHUB_STEP_SUMMARY, Azure Pipelines' task.uploadsummary):
/// the totals, a table by section and by severity, then the failures and warnings with their reasons.
/// Every text from a result is escaped, so a server's answer cannot inject markup or links.
/// </summary>
internal sealed class MarkdownReportWriter : ReportWriter
{
    private const int MaxCellLength = 300;

    public override ReportFormat Format => ReportFormat.Markdown;

    /// <summary>Escapes text for Markdown inline content and table cells (no HTML, links, emphasis or pipes survive).</summary>
    public static string Escape(string text) => ReportText.Escape(text, c => c switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '\r' => string.Empty,
        '\n' => "<br>",
        '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '!' or '|' or '~' or '"' or '$' => "\\" + c,
        _ => null,
    });

    public override void Write(TextWriter writer, ReportDocument document)
    {
        ReportSummary summary = document.Summary;
        writer.Write("## Scalekit readiness: ");
        writer.Write(Escape(document.DeploymentLabel));
        writer.Write("\n\n");
        writer.Write(Verdict(summary));
        writer.Write("\n\n");
        writer.Write("| Status | Results |\n|---|---:|\n");
        foreach (CheckStatus status in summary.Statuses)
        {
            writer.Write($"| {status} | {summary.Count(status)} |\n");
        }

        writer.Write($"| **Total** | **{summary.Total}** |\n\n");

        if (summary.Total > 0)
        {
            writer.Write("### By section\n\n");
            Matrix(writer, "Section", summary.Sections.Select(s => (s.ToString(), summary.Count(s), (IEnumerable<int>)summary.Statuses.Select(st => summary.Count(s, st)).ToArray())), summary);
            writer.Write("### By severity\n\n");
            Matrix(writer, "Severity", summary.Severities.Select(s => (s.ToString(), summary.Count(s), (IEnumerable<int>)summary.Statuses.Select(st => summary.Count(s, st)).ToArray())), summary);
        }

        Problems(writer, "Failures", document.Failures);
        Problems(writer, "Warnings", document.Warnings);

        writer.Write($"<sub>{ReportDocument.ToolName} {ReportDocument.ToolVersion} · {ReportText.Human(document.GeneratedAt)}");
        foreach (System.Guid runId in summary.RunIds)
        {
            writer.Write($" · run {runId:D}");
        }

        writer.Write("</sub>\n");
    }

    private static string Verdict(ReportSummary summary)
    {
        int failing = summary.Failed + summary.Errors;
        return failing == 0
            ? $"**No Failed or Error result** among {summary.Total} (Warning: {summary.Warnings})."
            : $"**{failing} of {summary.Total} results need attention** (Failed: {summary.Failed}, Error: {summary.Errors}, Warning: {summary.Warnings}).";
    }

    private static void Matrix(TextWriter writer, string label, IEnumerable<(string Name, int Total, IEnumerable<int> Counts)> rows, ReportSummary summary)
    {
        writer.Write($"| {label} | Total | {string.Join(" | ", summary.Statuses)} |\n");
        writer.Write("|---|---:|" + string.Concat(summary.Statuses.Select(_ => "---:|")) + "\n");
        foreach ((string name, int total, IEnumerable<int> counts) in rows)
        {
            writer.Write($"| {name} | {total} | {string.Join(" | ", counts)} |\n");
        }

        writer.Write('\n');
    }

    private static void Problems(TextWriter writer, string heading, IReadOnlyList<CheckResult> results)
    {
        if (results.Count == 0)
        {
            return;
        }

        writer.Write($"### {heading} ({results.Count})\n\n");
        writer.Write("| Status | Severity | Check | Target | Reason |\n|---|---|---|---|---|\n");
        foreach (CheckResult r in results)
        {
            writer.Write($"| {r.Status} | {r.Severity} | {Escape(r.CheckId)} {Escape(r.Title)} | {Escape(r.Target)} | {Escape(ReportText.Truncate(ReportText.FirstReason(r), MaxCellLength))} |\n");
        }

        writer.Write('\n');
        foreach (CheckResult r in results)
        {
            // The summary line is raw HTML to the renderer (no Markdown there): HTML-escape only.
            writer.Write($"<details><summary>{HtmlReportWriter.Encode(r.CheckId)}: {HtmlReportWriter.Encode(r.Target)}</summary>\n\n");
            foreach (string reason in r.Reasons)
            {
                writer.Write("- ");
                writer.Write(Escape(reason));
                writer.Write('\n');
            }

            writer.Write("\n**Remediation:** ");
            writer.Write(Escape(r.Remediation));
            writer.Write(" (");
            writer.Write(Escape(r.DocsUrl));
            writer.Write(")\n\n</details>\n\n");
        }
    }
}
