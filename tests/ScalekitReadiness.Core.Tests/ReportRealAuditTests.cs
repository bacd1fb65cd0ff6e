using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.Reports;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>Every writer on the results of one real audit of the test deployment with a fault.</summary>
public sealed class ReportRealAuditTests
{
    [Fact]
    public async Task EveryFormatAgreesWithTheAudit()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.PrmEmptyScopes);
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Name = "lab";
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        var results = new ConcurrentQueue<CheckResult>();
        await AuditEngine.RunAsync(context, CheckCatalog.All, new AuditRunOptions { IgnoreBlockers = true }, results.Enqueue, null, CancellationToken.None);
        var document = new ReportDocument(results, DateTimeOffset.UtcNow);
        CheckResult prm = results.Single(r => r.CheckId == "SK-MCP-010");
        Assert.Equal(CheckStatus.Failed, prm.Status);
        int failing = results.Count(r => r.Status is CheckStatus.Failed or CheckStatus.Error);

        Assert.Empty(ReportJUnitTests.Validate(new JUnitReportWriter().ToText(document)));
        Assert.Equal(results.Count, Regex.Matches(new JUnitReportWriter().ToText(document), "<testcase ").Count);

        var read = JsonReportReader.Read(new StringReader(new JsonReportWriter().ToText(document)), "audit.json");
        Assert.Equal(results.Select(r => (r.CheckId, r.Target, r.Status)), read.Select(r => (r.CheckId, r.Target, r.Status)));
        Assert.All(
            ResultComparer.Compare(results, read, includeUnchanged: true),
            c => Assert.Equal(c.Reference!.Status is CheckStatus.Failed or CheckStatus.Error ? ComparisonChange.StillFailing : ComparisonChange.Unchanged, c.Change));

        JObject sarif = ReportTestData.Json(new SarifReportWriter().ToText(document));
        Assert.Equal(results.Count(SarifReportWriter.IsProblem), ((JArray)sarif["runs"]![0]!["results"]!).Count);
        Assert.Contains(sarif["runs"]![0]!["results"]!, r => r["locations"]![0]!["physicalLocation"]?["artifactLocation"]?["uri"]?.Value<string>() == deployment.McpUrl);

        string html = new HtmlReportWriter().ToText(document);
        Assert.Contains($"data-status=\"Total\"><span class=\"count\">{results.Count}</span>", html);
        Assert.Contains($"data-status=\"Failed\"><span class=\"count\">{results.Count(r => r.Status == CheckStatus.Failed)}</span>", html);

        Assert.Contains($"**{failing} of {results.Count} results need attention**", new MarkdownReportWriter().ToText(document));
        Assert.Equal(results.Count + 2, new CsvReportWriter().ToText(document).Split("\r\n").Length);
    }
}
