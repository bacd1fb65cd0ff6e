using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace ScalekitReadiness.Reports;

/// <summary>
/// JUnit XML as Jenkins, GitLab, Azure Pipelines and GitHub test reporters read it (the layout of the widely
/// used jenkins-junit.xsd): one test suite per deployment and section, one test case per result; Failed is a
/// failure, Error an error, NotRun and Manual are skipped, everything else passes.
/// </summary>
internal sealed class JUnitReportWriter : ReportWriter
{
    public override ReportFormat Format => ReportFormat.JUnit;

    public override void Write(TextWriter writer, ReportDocument document)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = Utf8, NewLineChars = "\n", CheckCharacters = true, CloseOutput = false };
        using XmlWriter xml = XmlWriter.Create(writer, settings);
        ReportSummary summary = document.Summary;
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "Scalekit readiness: " + Safe(document.DeploymentLabel));
        xml.WriteAttributeString("tests", Number(summary.Total));
        xml.WriteAttributeString("failures", Number(summary.Failed));
        xml.WriteAttributeString("errors", Number(summary.Errors));
        xml.WriteAttributeString("time", Time(TimeSpan.FromTicks(document.Results.Sum(r => r.Duration.Ticks))));

        var suites = document.Results
            .GroupBy(r => (r.Deployment, r.Section))
            .OrderBy(g => g.Key.Deployment, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Section);
        int id = 0;
        foreach (var suite in suites)
        {
            CheckResult[] results = suite.ToArray();
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", Safe(suite.Key.Deployment is null ? suite.Key.Section.ToString() : suite.Key.Deployment + " / " + suite.Key.Section));
            xml.WriteAttributeString("tests", Number(results.Length));
            xml.WriteAttributeString("failures", Number(results.Count(r => r.Status == CheckStatus.Failed)));
            xml.WriteAttributeString("errors", Number(results.Count(r => r.Status == CheckStatus.Error)));
            xml.WriteAttributeString("skipped", Number(results.Count(IsSkipped)));
            xml.WriteAttributeString("time", Time(TimeSpan.FromTicks(results.Sum(r => r.Duration.Ticks))));
            xml.WriteAttributeString("timestamp", results.Min(r => r.Timestamp).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("id", Number(id++));
            xml.WriteAttributeString("package", "ScalekitReadiness." + suite.Key.Section);

            xml.WriteStartElement("properties");
            Property(xml, "section", suite.Key.Section.ToString());
            if (suite.Key.Deployment is not null)
            {
                Property(xml, "deployment", suite.Key.Deployment);
            }

            foreach (Guid runId in results.Select(r => r.RunId).Distinct())
            {
                Property(xml, "runId", runId.ToString("D"));
            }

            xml.WriteEndElement();
            foreach (CheckResult result in results)
            {
                WriteCase(xml, result);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        xml.Flush();
        writer.Write('\n');
    }

    private static bool IsSkipped(CheckResult result) => result.Status is CheckStatus.NotRun or CheckStatus.Manual;

    private static void WriteCase(XmlWriter xml, CheckResult result)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", Safe($"{result.CheckId} {result.Title} [{result.Target}]"));
        xml.WriteAttributeString("classname", "ScalekitReadiness." + result.Section + "." + Safe(result.CheckId));
        xml.WriteAttributeString("time", Time(result.Duration));
        xml.WriteAttributeString("status", result.Status.ToString());

        // The schema's order: skipped, error, failure, system-out.
        if (IsSkipped(result))
        {
            string why = result.Status == CheckStatus.Manual ? "Manual" : result.NotRunReason?.ToString() ?? "NotRun";
            xml.WriteElementString("skipped", Safe(why + ": " + result.Message));
        }
        else if (result.Status is CheckStatus.Failed or CheckStatus.Error)
        {
            xml.WriteStartElement(result.Status == CheckStatus.Failed ? "failure" : "error");
            xml.WriteAttributeString("message", Safe(ReportText.FirstReason(result)));
            xml.WriteAttributeString("type", result.Severity.ToString());
            xml.WriteString(Safe(Details(result)));
            xml.WriteEndElement();
        }

        xml.WriteElementString("system-out", Safe(Details(result)));
        xml.WriteEndElement();
    }

    private static string Details(CheckResult result)
    {
        var text = new StringBuilder();
        text.Append(result.Status).Append(' ').Append(result.Severity).Append(' ').Append(result.CheckId).Append(' ').Append(result.Target).Append('\n');
        text.Append(result.Message).Append('\n');
        foreach (string reason in result.Reasons)
        {
            text.Append("- ").Append(reason).Append('\n');
        }

        if (result.Evidence.Count > 0)
        {
            text.Append("Evidence:\n");
            foreach (EvidenceItem item in result.Evidence)
            {
                text.Append("  ").Append(item.Name).Append(": ").Append(item.Value).Append('\n');
            }
        }

        text.Append("Remediation: ").Append(result.Remediation).Append('\n');
        text.Append("Docs: ").Append(result.DocsUrl).Append('\n');
        return text.ToString();
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Safe(value));
        xml.WriteEndElement();
    }

    private static string Safe(string text) => ReportText.XmlSafe(text);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
