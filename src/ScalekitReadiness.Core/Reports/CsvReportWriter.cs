using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ScalekitReadiness.Reports;

/// <summary>
/// One row per result for Excel and Import-Csv: RFC 4180 (every field quoted, CRLF), UTF-8 with a byte order
/// mark (without it Excel reads UTF-8 as the ANSI code page), reasons joined by "; ", evidence as JSON text.
/// </summary>
internal sealed class CsvReportWriter : ReportWriter
{
    // Excel's limit for one cell; longer text spills or is cut without notice.
    private const int MaxCellLength = 32767;

    private static readonly string[] s_columns =
    {
        "RunId", "Deployment", "CheckId", "Title", "Section", "Status", "Severity", "Target", "Message", "Reasons",
        "NotRunReason", "Evidence", "Remediation", "DocsUrl", "References", "Safety", "DurationSeconds", "Timestamp",
    };

    public override ReportFormat Format => ReportFormat.Csv;

    public override Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public override void Write(TextWriter writer, ReportDocument document)
    {
        WriteRow(writer, s_columns);
        foreach (CheckResult r in document.Results)
        {
            WriteRow(writer, new[]
            {
                r.RunId.ToString("D"), r.Deployment ?? string.Empty, r.CheckId, r.Title, r.Section.ToString(), r.Status.ToString(),
                r.Severity.ToString(), r.Target, r.Message, r.Reasons.ToString(), r.NotRunReason?.ToString() ?? string.Empty,
                r.Evidence.ToString(), r.Remediation, r.DocsUrl, r.References.ToString(), r.Safety.ToString(),
                ReportText.Seconds(r.Duration), ReportText.Iso(r.Timestamp),
            });
        }
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write('"');
            writer.Write(Cell(fields[i]).Replace("\"", "\"\""));
            writer.Write('"');
        }

        writer.Write("\r\n");
    }

    private static string Cell(string text)
    {
        // Formula injection: Excel evaluates a cell that starts with = + - @ (or a tab/CR before one) even in CSV.
        // Results hold server-controlled text, so such a cell gets a leading apostrophe and shows as text.
        if (text.Length > 0 && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
        {
            text = "'" + text;
        }

        return ReportText.Truncate(text, MaxCellLength);
    }
}
