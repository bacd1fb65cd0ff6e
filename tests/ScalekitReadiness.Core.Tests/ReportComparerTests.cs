using System;
using System.Linq;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportComparerTests
{
    [Theory]
    [InlineData(CheckStatus.Passed, CheckStatus.Failed, ComparisonChange.NewFailure)]
    [InlineData(CheckStatus.Warning, CheckStatus.Error, ComparisonChange.NewFailure)]
    [InlineData(CheckStatus.NotRun, CheckStatus.Failed, ComparisonChange.NewFailure)]
    [InlineData(CheckStatus.Failed, CheckStatus.Passed, ComparisonChange.Fixed)]
    [InlineData(CheckStatus.Error, CheckStatus.Warning, ComparisonChange.Fixed)]
    [InlineData(CheckStatus.Failed, CheckStatus.Error, ComparisonChange.StillFailing)]
    [InlineData(CheckStatus.Failed, CheckStatus.NotRun, ComparisonChange.StatusChanged)]
    [InlineData(CheckStatus.Failed, CheckStatus.Excepted, ComparisonChange.StatusChanged)]
    [InlineData(CheckStatus.Passed, CheckStatus.Warning, ComparisonChange.StatusChanged)]
    [InlineData(CheckStatus.Passed, CheckStatus.Passed, ComparisonChange.Unchanged)]
    public void StatusesClassify(CheckStatus before, CheckStatus after, ComparisonChange expected)
    {
        Assert.Equal(expected, ResultComparer.Classify(At(before, Severity.High), At(after, Severity.High)));
    }

    [Fact]
    public void SeverityChangesAreNamed()
    {
        Assert.Equal(ComparisonChange.SeverityChanged, ResultComparer.Classify(At(CheckStatus.Failed, Severity.High), At(CheckStatus.Failed, Severity.Critical)));
        Assert.Equal(ComparisonChange.SeverityChanged, ResultComparer.Classify(At(CheckStatus.Passed, Severity.High), At(CheckStatus.Passed, Severity.Low)));
        Assert.Equal(ComparisonChange.NewFailure, ResultComparer.Classify(At(CheckStatus.Passed, Severity.High), At(CheckStatus.Failed, Severity.Low)));
    }

    [Fact]
    public void AFindingOnOneSideOnlyIsNewAddedOrRemoved()
    {
        Assert.Equal(ComparisonChange.NewFailure, ResultComparer.Classify(null, At(CheckStatus.Failed, Severity.Low)));
        Assert.Equal(ComparisonChange.Added, ResultComparer.Classify(null, At(CheckStatus.Passed, Severity.Low)));
        Assert.Equal(ComparisonChange.Removed, ResultComparer.Classify(At(CheckStatus.Failed, Severity.Low), null));
    }

    [Fact]
    public void RunsPairOnCheckAndTargetAndListChangesMostImportantFirst()
    {
        CheckResult[] before =
        {
            R("SK-QC-001", CheckStatus.Failed, "https://auth.example.test"),
            R("SK-MCP-010", CheckStatus.Passed, "https://mcp.example.test/mcp"),
            R("SK-QC-020", CheckStatus.Failed, "https://app.example.test/login"),
            R("SK-QC-020", CheckStatus.Passed, "https://app.example.test/api"),
        };
        CheckResult[] after =
        {
            R("SK-QC-001", CheckStatus.Failed, "https://auth.example.test"),
            R("SK-MCP-010", CheckStatus.Failed, "https://mcp.example.test/mcp"),
            R("SK-QC-020", CheckStatus.Passed, "https://app.example.test/login"),
            R("SK-QC-020", CheckStatus.Passed, "https://app.example.test/api"),
        };

        var changes = ResultComparer.Compare(before, after, includeUnchanged: false);

        Assert.Equal(
            new[] { (ComparisonChange.NewFailure, "SK-MCP-010"), (ComparisonChange.StillFailing, "SK-QC-001"), (ComparisonChange.Fixed, "SK-QC-020") },
            changes.Select(c => (c.Change, c.CheckId)));
        ResultComparison fixedOne = changes.Last();
        Assert.Equal(("https://app.example.test/login", CheckStatus.Failed, CheckStatus.Passed), (fixedOne.Target, fixedOne.ReferenceStatus!.Value, fixedOne.DifferenceStatus!.Value));
        Assert.Same(after[2], fixedOne.Difference);
        Assert.Equal(4, ResultComparer.Compare(before, after, includeUnchanged: true).Count);
    }

    [Fact]
    public void StagingMeetsProductionOnThePathWhenThatIsUnambiguous()
    {
        CheckResult[] staging = { R("SK-MCP-010", CheckStatus.Failed, "https://mcp.staging.example.test/mcp") };
        CheckResult[] production = { R("SK-MCP-010", CheckStatus.Passed, "https://mcp.example.test/mcp") };

        ResultComparison only = Assert.Single(ResultComparer.Compare(staging, production, includeUnchanged: false));
        Assert.Equal(ComparisonChange.Fixed, only.Change);
        Assert.Equal("https://mcp.example.test/mcp", only.Target);
    }

    [Fact]
    public void ARunAgainstNewPortsMeetsTheLastOneByHostAndPath()
    {
        // The same deployment restarted on other ports: two endpoints share the path "/" but not the host.
        CheckResult[] before = { R("SK-QC-010", CheckStatus.Failed, "https://localhost:4001"), R("SK-QC-010", CheckStatus.Passed, "https://127.0.0.1:4002") };
        CheckResult[] after = { R("SK-QC-010", CheckStatus.Passed, "https://localhost:5001"), R("SK-QC-010", CheckStatus.Passed, "https://127.0.0.1:5002") };

        var changes = ResultComparer.Compare(before, after, includeUnchanged: true);

        Assert.Equal(new[] { (ComparisonChange.Fixed, "https://localhost:5001"), (ComparisonChange.Unchanged, "https://127.0.0.1:5002") }, changes.Select(c => (c.Change, c.Target)));
        Assert.Equal("https://localhost:4001", changes[0].Reference!.Target);
    }

    [Fact]
    public void AmbiguousPathsDoNotPair()
    {
        // Two endpoints on the root path of different hosts in each run: no guessing which is which.
        CheckResult[] before = { R("SK-QC-010", CheckStatus.Failed, "https://a.old.test/"), R("SK-QC-010", CheckStatus.Passed, "https://b.old.test/") };
        CheckResult[] after = { R("SK-QC-010", CheckStatus.Passed, "https://a.new.test/"), R("SK-QC-010", CheckStatus.Passed, "https://b.new.test/") };

        var changes = ResultComparer.Compare(before, after, includeUnchanged: true);

        Assert.Equal(new[] { ComparisonChange.Added, ComparisonChange.Added, ComparisonChange.Removed, ComparisonChange.Removed }, changes.Select(c => c.Change).ToArray());
    }

    [Fact]
    public void TheCheckIdMatchesIgnoringCase()
    {
        var changes = ResultComparer.Compare(new[] { R("sk-qc-001", CheckStatus.Failed, "t") }, new[] { R("SK-QC-001", CheckStatus.Failed, "t") }, includeUnchanged: true);
        Assert.Equal(ComparisonChange.StillFailing, Assert.Single(changes).Change);
    }

    private static CheckResult At(CheckStatus status, Severity severity) => ReportTestData.Result("SK-QC-001", status, severity, "https://auth.example.test", "m");

    private static CheckResult R(string id, CheckStatus status, string target) =>
        ReportTestData.Result(id, status, Severity.High, target, status + " " + id, runId: Guid.NewGuid());
}
