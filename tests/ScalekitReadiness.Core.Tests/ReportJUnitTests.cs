using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportJUnitTests
{
    [Fact]
    public void ItValidatesAgainstTheJenkinsJUnitSchema()
    {
        Assert.Empty(Validate(new JUnitReportWriter().ToText(ReportTestData.Document())));
    }

    [Fact]
    public void TheSchemaCatchesABrokenReport()
    {
        // The validation can fail: a testcase without its required name is reported.
        Assert.NotEmpty(Validate("<testsuites><testsuite name=\"x\" tests=\"1\"><testcase/></testsuite></testsuites>"));
    }

    [Fact]
    public void OneCasePerResultFailedAsFailureErrorAsErrorNotRunAndManualSkipped()
    {
        XDocument xml = XDocument.Parse(new JUnitReportWriter().ToText(ReportTestData.Document()));
        XElement root = xml.Root!;
        Assert.Equal(("8", "2", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("errors")!));
        XElement[] cases = root.Descendants("testcase").ToArray();
        Assert.Equal(8, cases.Length);
        Assert.Equal(2, cases.Count(c => c.Element("failure") is not null));
        Assert.Equal(1, cases.Count(c => c.Element("error") is not null));
        Assert.Equal(2, cases.Count(c => c.Element("skipped") is not null));

        XElement failure = cases.Single(c => ((string)c.Attribute("name")!).StartsWith("SK-QC-001", System.StringComparison.Ordinal)).Element("failure")!;
        Assert.Equal("The environment URL is a development host.", (string)failure.Attribute("message")!);
        Assert.Equal("Critical", (string)failure.Attribute("type")!);
        Assert.Contains(ReportTestData.Script, failure.Value);

        XElement skipped = cases.Single(c => ((string)c.Attribute("name")!).StartsWith("SK-MON-990", System.StringComparison.Ordinal)).Element("skipped")!;
        Assert.StartsWith("NotConfigured: Not configured: set Monitoring.RunbookPath", skipped.Value);

        // One suite per section, with its own counts.
        XElement quick = root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "prod / QuickChecks");
        Assert.Equal(("5", "1", "1", "0"), ((string)quick.Attribute("tests")!, (string)quick.Attribute("failures")!, (string)quick.Attribute("errors")!, (string)quick.Attribute("skipped")!));
    }

    [Fact]
    public void ControlCharactersFromAServerCannotBreakTheXml()
    {
        CheckResult result = ReportTestData.Result("SK-QC-001", CheckStatus.Failed, Severity.High, "https://a.test", "bad \u0001\u001b[31m byte \uD800 here");
        string xml = new JUnitReportWriter().ToText(ReportTestData.Document(new[] { result }));

        Assert.Empty(Validate(xml));
        Assert.Contains("bad \uFFFD\uFFFD[31m byte \uFFFD here", XDocument.Parse(xml).Descendants("failure").Single().Attribute("message")!.Value);
    }

    internal static IReadOnlyList<string> Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(ReportTestData.ValidationFolder(), "jenkins-junit.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml.Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"")), settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
