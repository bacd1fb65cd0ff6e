using System.Linq;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportMarkdownTests
{
    private readonly string _markdown = new MarkdownReportWriter().ToText(ReportTestData.Document());

    [Fact]
    public void ItOpensWithTheVerdictAndTheCounts()
    {
        string[] lines = _markdown.Split('\n');
        Assert.Equal("## Scalekit readiness: prod", lines[0]);
        Assert.Equal("**3 of 8 results need attention** (Failed: 2, Error: 1, Warning: 1).", lines[2]);
        Assert.Contains("| Failed | 2 |", lines);
        Assert.Contains("| **Total** | **8** |", lines);
        Assert.Contains("| Section | Total | Failed | Error | Warning | Manual | NotRun | Passed |", lines);
        Assert.Contains("| QuickChecks | 5 | 1 | 1 | 1 | 0 | 0 | 2 |", lines);
    }

    [Fact]
    public void TheFailuresTableListsFailedAndErrorMostSevereFirst()
    {
        string[] rows = Section("### Failures (3)").Where(l => l.StartsWith("| Failed", System.StringComparison.Ordinal) || l.StartsWith("| Error", System.StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("| Failed | Critical | SK\\-QC\\-001", rows[0]);
        Assert.StartsWith("| Error | High | SK\\-QC\\-020", rows[1]);
        Assert.StartsWith("| Failed | Medium | SK\\-MCP\\-010", rows[2]);
        Assert.Contains("### Warnings (1)", _markdown);
    }

    [Fact]
    public void ServerTextCannotBreakTheTableOrInjectMarkup()
    {
        Assert.DoesNotContain("<script", _markdown);
        Assert.Contains("&lt;script&gt;", _markdown);

        // The target with a pipe stays in its cell: the row keeps six column separators.
        string row = _markdown.Split('\n').Single(l => l.StartsWith("| Error | High", System.StringComparison.Ordinal));
        Assert.Contains("api\\|me", row);
        Assert.Equal(6, row.Replace("\\|", string.Empty).Count(c => c == '|'));
        Assert.Equal("a\\[b\\]\\(javascript:x\\)", MarkdownReportWriter.Escape("a[b](javascript:x)"));
    }

    private string[] Section(string heading) =>
        _markdown.Split('\n').SkipWhile(l => l != heading).Skip(1).TakeWhile(l => !l.StartsWith("###", System.StringComparison.Ordinal)).ToArray();
}
