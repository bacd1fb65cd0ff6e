using System.Linq;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportSarifTests
{
    private readonly JObject _log = ReportTestData.Json(new SarifReportWriter().ToText(ReportTestData.Document()));

    private JToken Run => _log["runs"]![0]!;

    [Fact]
    public void ItIsASarif210LogWithOneRun()
    {
        Assert.Equal("2.1.0", _log["version"]!.Value<string>());
        Assert.Equal(SarifReportWriter.SchemaUri, _log["$schema"]!.Value<string>());
        Assert.Single((JArray)_log["runs"]!);
        Assert.Equal("ScalekitReadiness", Run["tool"]!["driver"]!["name"]!.Value<string>());
        Assert.Equal($"ScalekitReadiness/prod/{ReportTestData.RunId:D}", Run["automationDetails"]!["id"]!.Value<string>());
    }

    [Fact]
    public void OnlyProblemsAreResults()
    {
        JToken[] results = Run["results"]!.ToArray();
        Assert.Equal(4, results.Length);
        Assert.Equal(new[] { "Failed", "Failed", "Error", "Warning" }, results.Select(r => r["properties"]!["status"]!.Value<string>()));
        Assert.Equal(new[] { "error", "warning", "error", "warning" }, results.Select(r => r["level"]!.Value<string>()));
    }

    [Fact]
    public void RulesComeFromTheCatalog()
    {
        CheckDefinition prm = CheckCatalog.Find(ProtectedResourceMetadataCheck.CheckId)!.Definition;
        JToken[] rules = Run["tool"]!["driver"]!["rules"]!.ToArray();
        JToken rule = rules.Single(r => r["id"]!.Value<string>() == prm.Id);
        Assert.Equal(prm.Title, rule["shortDescription"]!["text"]!.Value<string>());
        Assert.Equal(prm.Summary, rule["fullDescription"]!["text"]!.Value<string>());
        Assert.StartsWith(prm.Remediation, rule["help"]!["text"]!.Value<string>());
        Assert.Equal("9.5", rule["properties"]!["security-severity"]!.Value<string>());
        Assert.Equal("ProtectedResourceMetadataIsPublished", rule["name"]!.Value<string>());

        // Each result points at its rule by id and index.
        foreach (JToken result in Run["results"]!)
        {
            Assert.Equal(result["ruleId"]!.Value<string>(), rules[result["ruleIndex"]!.Value<int>()]["id"]!.Value<string>());
        }
    }

    [Fact]
    public void TheTargetUrlIsTheArtifactLocation()
    {
        JToken mcp = Run["results"]!.Single(r => r["ruleId"]!.Value<string>() == "SK-MCP-010");
        Assert.Equal("https://mcp.example.test/mcp", mcp["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.Value<string>());
        Assert.Equal(32, mcp["partialFingerprints"]!["checkIdAndTarget/v1"]!.Value<string>()!.Length);
    }

    [Fact]
    public void ATargetThatIsNotAUrlIsALogicalLocation()
    {
        CheckResult result = ReportTestData.Result("SK-QC-030", CheckStatus.Failed, Severity.Critical, "src/appsettings.json:12", "A client secret is committed.");
        JObject log = ReportTestData.Json(new SarifReportWriter().ToText(ReportTestData.Document(new[] { result })));
        JToken location = log["runs"]![0]!["results"]![0]!["locations"]![0]!;
        Assert.Null(location["physicalLocation"]);
        Assert.Equal("src/appsettings.json:12", location["logicalLocations"]![0]!["name"]!.Value<string>());
    }
}
