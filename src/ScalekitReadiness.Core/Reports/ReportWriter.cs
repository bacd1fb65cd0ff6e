using System;
using System.IO;
using System.Text;

namespace ScalekitReadiness.Reports;

/// <summary>Renders a <see cref="ReportDocument"/> in one <see cref="ReportFormat"/>.</summary>
internal abstract class ReportWriter
{
    /// <summary>UTF-8 without a byte order mark: what browsers, CI systems and JSON/XML readers expect.</summary>
    protected static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Gets the format this writer renders.</summary>
    public abstract ReportFormat Format { get; }

    /// <summary>Gets the encoding of the file.</summary>
    public virtual Encoding Encoding => Utf8;

    /// <summary>Returns the writer of <paramref name="format"/>.</summary>
    public static ReportWriter For(ReportFormat format) => format switch
    {
        ReportFormat.Html => new HtmlReportWriter(),
        ReportFormat.Markdown => new MarkdownReportWriter(),
        ReportFormat.Json => new JsonReportWriter(),
        ReportFormat.JUnit => new JUnitReportWriter(),
        ReportFormat.Sarif => new SarifReportWriter(),
        ReportFormat.Csv => new CsvReportWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };

    /// <summary>Writes the report.</summary>
    public abstract void Write(TextWriter writer, ReportDocument document);

    /// <summary>Writes the report to a stream in this writer's encoding (the stream stays open).</summary>
    public void Write(Stream stream, ReportDocument document)
    {
        using var writer = new StreamWriter(stream, Encoding, 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        Write(writer, document);
    }

    /// <summary>Returns the report as a string.</summary>
    public string ToText(ReportDocument document)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(writer, document);
        return writer.ToString();
    }
}
