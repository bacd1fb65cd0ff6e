using System.Linq;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportGateTests
{
    [Theory]
    [InlineData(Severity.Critical, new[] { "SK-QC-001" })]
    [InlineData(Severity.High, new[] { "SK-QC-001", "SK-QC-020" })]
    [InlineData(Severity.Medium, new[] { "SK-QC-001", "SK-QC-020", "SK-MCP-010" })]
    [InlineData(Severity.Info, new[] { "SK-QC-001", "SK-QC-020", "SK-MCP-010" })]
    public void OnlyFailedAndErrorAtOrAboveTheThresholdFail(Severity threshold, string[] expected)
    {
        Assert.Equal(expected, ReadinessGate.Failures(ReportTestData.Sample(), threshold).Select(r => r.CheckId));
    }

    [Fact]
    public void TheMessageNamesEachFailureWithItsFirstReason()
    {
        var failures = ReadinessGate.Failures(ReportTestData.Sample(), Severity.High);
        string message = ReadinessGate.Describe(failures, 8, Severity.High);

        string[] lines = message.Split('\n');
        Assert.Equal("The readiness gate failed: 2 of 8 results are Failed or Error at severity High or above:", lines[0]);
        Assert.Equal("  Failed Critical SK-QC-001 https://auth.example.test: The environment URL is a development host.", lines[1]);
        Assert.Equal("  Error High SK-QC-020 https://app.example.test/api|me: The connection was refused: is the server running?", lines[2]);
        Assert.StartsWith("Fix them", lines[3]);
    }

    [Fact]
    public void ALongReasonIsCutAndStaysOnOneLine()
    {
        CheckResult result = ReportTestData.Result("SK-QC-001", CheckStatus.Failed, Severity.Critical, "t", "x", new[] { "first\nsecond " + new string('a', 1000) });
        string message = ReadinessGate.Describe(new[] { result }, 1, Severity.Critical);

        Assert.Equal(3, message.Split('\n').Length);
        Assert.Contains("first second aaa", message);
        Assert.EndsWith("…", message.Split('\n')[1]);
    }
}
