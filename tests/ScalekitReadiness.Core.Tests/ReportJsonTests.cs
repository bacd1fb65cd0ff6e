using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportJsonTests
{
    [Fact]
    public void ItCarriesTheSchemaVersionToolAndCounts()
    {
        JObject json = ReportTestData.Json(new JsonReportWriter().ToText(ReportTestData.Document()));

        Assert.Equal(1, json["schemaVersion"]!.Value<int>());
        Assert.Equal("ScalekitReadiness", json["tool"]!["name"]!.Value<string>());
        Assert.Equal("2026-11-20T08:30:15.1230000+00:00", json["generatedAt"]!.Value<string>());
        Assert.Equal(8, json["summary"]!["total"]!.Value<int>());
        Assert.Equal(2, json["summary"]!["byStatus"]!["Failed"]!.Value<int>());
        Assert.Equal(8, ((JArray)json["results"]!).Count);
        JToken first = json["results"]![0]!;
        Assert.Equal("SK-QC-001", first["checkId"]!.Value<string>());
        Assert.Equal("Failed", first["status"]!.Value<string>());
        Assert.Equal(0.1234567m, first["durationSeconds"]!.Value<decimal>());
    }

    [Fact]
    public void EveryFieldRoundTrips()
    {
        IReadOnlyList<CheckResult> original = ReportTestData.Sample();
        IReadOnlyList<CheckResult> read = JsonReportReader.Read(new StringReader(new JsonReportWriter().ToText(ReportTestData.Document(original))), "test.json");

        Assert.Equal(original.Count, read.Count);
        for (int i = 0; i < original.Count; i++)
        {
            CheckResult a = original[i], b = read[i];
            Assert.Equal(
                (a.RunId, a.Deployment, a.CheckId, a.Title, a.Section, a.Status, a.Severity, a.Target, a.Message, a.NotRunReason, a.Remediation, a.DocsUrl, a.Safety, a.Duration, a.Timestamp),
                (b.RunId, b.Deployment, b.CheckId, b.Title, b.Section, b.Status, b.Severity, b.Target, b.Message, b.NotRunReason, b.Remediation, b.DocsUrl, b.Safety, b.Duration, b.Timestamp));
            Assert.Equal(a.Reasons, b.Reasons);
            Assert.Equal(a.References, b.References);
            Assert.Equal(a.Evidence.Select(e => (e.Name, e.Value)), b.Evidence.Select(e => (e.Name, e.Value)));
            Assert.Equal(a.Timestamp.Offset, b.Timestamp.Offset);
        }
    }

    [Theory]
    [InlineData("not json at all", "is not JSON")]
    [InlineData("{ \"results\": [] }", "it has no schemaVersion")]
    [InlineData("[1, 2]", "it has no schemaVersion")]
    [InlineData("{ \"schemaVersion\": \"1\", \"results\": [] }", "$.schemaVersion must be an integer")]
    [InlineData("{ \"schemaVersion\": 1 }", "$.results must be an array")]
    [InlineData("{ \"schemaVersion\": 1, \"results\": [ 3 ] }", "$.results[0] must be an object")]
    public void ANonReportIsRefusedNamingThePath(string text, string expected)
    {
        ReportFormatException ex = Assert.Throws<ReportFormatException>(() => JsonReportReader.Read(new StringReader(text), "x.json"));
        Assert.Equal(ReportFormatProblem.NotReadable, ex.Problem);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("'x.json'", ex.Message);
    }

    [Theory]
    [InlineData("status", "\"Broken\"", "$.results[1].status must be one of Passed, Failed, Warning, Error, NotRun, Manual, Attested, Excepted")]
    [InlineData("status", "\"1\"", "$.results[1].status must be one of")]
    [InlineData("checkId", "\"\"", "$.results[1].checkId must be a non-empty string")]
    [InlineData("runId", "\"nope\"", "$.results[1].runId must be a GUID")]
    [InlineData("reasons", "\"one\"", "$.results[1].reasons must be an array of strings")]
    [InlineData("evidence", "[ { \"name\": 1 } ]", "$.results[1].evidence[0] must be an object with string name and value")]
    [InlineData("durationSeconds", "-1", "$.results[1].durationSeconds must be a non-negative number of seconds")]
    [InlineData("timestamp", "\"yesterday\"", "$.results[1].timestamp must be an ISO 8601 timestamp")]
    [InlineData("notRunReason", "\"Lazy\"", "$.results[1].notRunReason must be one of Blocked")]
    public void ABrokenFieldIsRefusedNamingItsPath(string field, string value, string expected)
    {
        JObject json = ReportTestData.Json(new JsonReportWriter().ToText(ReportTestData.Document()));
        json["results"]![1]![field] = JToken.Parse(value);

        ReportFormatException ex = Assert.Throws<ReportFormatException>(() => JsonReportReader.Read(new StringReader(json.ToString()), "x.json"));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void ANewerSchemaVersionSaysToUpdate()
    {
        ReportFormatException ex = Assert.Throws<ReportFormatException>(() => JsonReportReader.Read(new StringReader("{ \"schemaVersion\": 2, \"results\": [] }"), "new.json"));
        Assert.Equal(ReportFormatProblem.UnsupportedSchemaVersion, ex.Problem);
        Assert.Contains("schemaVersion 2", ex.Message);
        Assert.Contains("Update the module", ex.Message);
    }

    [Fact]
    public void UnknownMembersAreIgnored()
    {
        JObject json = ReportTestData.Json(new JsonReportWriter().ToText(ReportTestData.Document()));
        json["comment"] = "added by a pipeline";
        ((JObject)json["results"]![0]!)["ticket"] = "OPS-1";

        Assert.Equal(8, JsonReportReader.Read(new StringReader(json.ToString()), "x.json").Count);
    }

    [Fact]
    public void ADateLikeStringStaysText()
    {
        CheckResult result = ReportTestData.Result("SK-QC-001", CheckStatus.Failed, Severity.High, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00");
        CheckResult read = JsonReportReader.Read(new StringReader(new JsonReportWriter().ToText(ReportTestData.Document(new[] { result }))), "x.json").Single();

        Assert.Equal("2026-01-01T00:00:00Z", read.Target);
        Assert.Equal("2026-01-01T00:00:00+02:00", read.Message);
    }
}
