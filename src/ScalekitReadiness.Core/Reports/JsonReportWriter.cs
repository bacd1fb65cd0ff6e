using System.Collections.Generic;
using System.IO;
using Newtonsoft.Json;

namespace ScalekitReadiness.Reports;

/// <summary>
/// The machine-readable report: every field of every result, under a <c>schemaVersion</c>, so that
/// <see cref="JsonReportReader"/> rebuilds results that compare exactly like the live ones.
/// </summary>
internal sealed class JsonReportWriter : ReportWriter
{
    /// <summary>The version of the layout written here; bump it on any change a reader must know about.</summary>
    public const int SchemaVersion = 1;

    public override ReportFormat Format => ReportFormat.Json;

    public override void Write(TextWriter writer, ReportDocument document)
    {
        using var json = new JsonTextWriter(writer) { Formatting = Formatting.Indented, CloseOutput = false };
        json.WriteStartObject();
        json.WritePropertyName("schemaVersion");
        json.WriteValue(SchemaVersion);
        json.WritePropertyName("tool");
        json.WriteStartObject();
        json.WritePropertyName("name");
        json.WriteValue(ReportDocument.ToolName);
        json.WritePropertyName("version");
        json.WriteValue(ReportDocument.ToolVersion);
        json.WriteEndObject();
        json.WritePropertyName("generatedAt");
        json.WriteValue(ReportText.Iso(document.GeneratedAt));

        json.WritePropertyName("summary");
        json.WriteStartObject();
        json.WritePropertyName("total");
        json.WriteValue(document.Summary.Total);
        json.WritePropertyName("byStatus");
        json.WriteStartObject();
        foreach (CheckStatus status in document.Summary.Statuses)
        {
            json.WritePropertyName(status.ToString());
            json.WriteValue(document.Summary.Count(status));
        }

        json.WriteEndObject();
        json.WriteEndObject();

        json.WritePropertyName("results");
        json.WriteStartArray();
        foreach (CheckResult result in document.Results)
        {
            WriteResult(json, result);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        writer.Write('\n');
    }

    private static void WriteResult(JsonTextWriter json, CheckResult result)
    {
        json.WriteStartObject();
        Property(json, "runId", result.RunId.ToString("D"));
        Property(json, "deployment", result.Deployment);
        Property(json, "checkId", result.CheckId);
        Property(json, "title", result.Title);
        Property(json, "section", result.Section.ToString());
        Property(json, "status", result.Status.ToString());
        Property(json, "severity", result.Severity.ToString());
        Property(json, "target", result.Target);
        Property(json, "message", result.Message);
        Strings(json, "reasons", result.Reasons);
        Property(json, "notRunReason", result.NotRunReason?.ToString());
        json.WritePropertyName("evidence");
        json.WriteStartArray();
        foreach (EvidenceItem item in result.Evidence)
        {
            json.WriteStartObject();
            Property(json, "name", item.Name);
            Property(json, "value", item.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Property(json, "remediation", result.Remediation);
        Property(json, "docsUrl", result.DocsUrl);
        Strings(json, "references", result.References);
        Property(json, "safety", result.Safety.ToString());
        json.WritePropertyName("durationSeconds");
        json.WriteRawValue(ReportText.Seconds(result.Duration));
        Property(json, "timestamp", ReportText.Iso(result.Timestamp));
        json.WriteEndObject();
    }

    private static void Strings(JsonTextWriter json, string name, IEnumerable<string> values)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (string value in values)
        {
            json.WriteValue(value);
        }

        json.WriteEndArray();
    }

    private static void Property(JsonTextWriter json, string name, string? value)
    {
        json.WritePropertyName(name);
        json.WriteValue(value);
    }
}
