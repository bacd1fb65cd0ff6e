using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Monitoring;
using ScalekitReadiness.Configuration;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>SK-MON-040 (the incident runbook) and SK-MON-050 (its rollback plan), on runbook files.</summary>
public sealed class RunbookCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "skr-runbook-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        foreach (string file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal); // git makes its objects read-only
        }

        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A runbook that satisfies both checks, reviewed and rehearsed <paramref name="daysAgo"/> days ago.</summary>
    internal static string GoodRunbook(int daysAgo = 10, bool reviewed = true, bool rehearsed = true)
    {
        string day = DateTime.UtcNow.Date.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return string.Join("\n", new[]
        {
            "# Auth incident runbook",
            reviewed ? "Last reviewed: " + day : string.Empty,
            rehearsed ? "Last rehearsed: " + day : string.Empty,
            string.Empty,
            "## Contacts",
            "- On-call: the #auth-oncall rotation in PagerDuty",
            "- Decides: jane.doe@acme.example",
            string.Empty,
            "## Rollback",
            "Turn MCP auth off with the feature flag `mcp-auth-enabled` (set it to false).",
            "Existing web sessions stay valid: the login cookies are untouched.",
            string.Empty,
            "## Escalation",
            "Open a Scalekit support ticket and post in our shared Slack channel with Scalekit.",
        });
    }

    [Fact]
    public async Task AGoodRunbookPassesBothChecks()
    {
        string path = Write(GoodRunbook());

        CheckResult runbook = await RunAsync(IncidentRunbookCheck.CheckId, path);
        Assert.Equal(CheckStatus.Passed, runbook.Status);
        Assert.Empty(runbook.Reasons);
        Assert.Equal(path, runbook.Target);
        Assert.Equal("- On-call: the #auth-oncall rotation in PagerDuty", Evidence(runbook, "Contact"));
        Assert.Equal("Rollback", Evidence(runbook, "Rollback section"));
        Assert.Equal("the 'Last reviewed:' line", Evidence(runbook, "Review date from"));

        CheckResult rollback = await RunAsync(RollbackPlanCheck.CheckId, path);
        Assert.Equal(CheckStatus.Passed, rollback.Status);
        Assert.Equal("Turn MCP auth off with the feature flag `mcp-auth-enabled` (set it to false).", Evidence(rollback, "Switch"));
    }

    [Theory]
    [InlineData("- On-call: the #auth-oncall rotation in PagerDuty\n- Decides: jane.doe@acme.example", "", "names nobody to contact")]
    [InlineData("## Rollback", "## Backing out", "has no rollback section")]
    [InlineData("Open a Scalekit support ticket and post in our shared Slack channel with Scalekit.", "Ask the team.", "names no Scalekit escalation path")]
    public async Task EachMissingPartOfTheRunbookFailsWithItsOwnReason(string remove, string replacement, string reason)
    {
        string path = Write(GoodRunbook().Replace(remove, replacement));
        CheckResult result = await RunAsync(IncidentRunbookCheck.CheckId, path);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnOldReviewFails()
    {
        CheckResult result = await RunAsync(IncidentRunbookCheck.CheckId, Write(GoodRunbook(daysAgo: 200)));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("Last reviewed " + DateTime.UtcNow.Date.AddDays(-200).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " is 200 days ago, older than Policy.AttestationMaxAgeDays (180 days)", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutAReviewLineTheLastGitCommitDatesTheReviewAndWithoutGitItFails()
    {
        string path = Write(GoodRunbook(reviewed: false));
        CheckResult undated = await RunAsync(IncidentRunbookCheck.CheckId, path);
        Assert.Equal(CheckStatus.Failed, undated.Status);
        Assert.Contains("The runbook has no review date: no 'Last reviewed: YYYY-MM-DD' line, and no git date (not a git repository)", Assert.Single(undated.Reasons));

        Git("init -q");
        Git("add runbook.md");
        Git("-c user.name=t -c user.email=t@acme.test commit -q -m runbook");
        CheckResult committed = await RunAsync(IncidentRunbookCheck.CheckId, path);
        Assert.Equal(CheckStatus.Passed, committed.Status);
        Assert.Equal("the file's last git commit", Evidence(committed, "Review date from"));
    }

    [Fact]
    public async Task AMissingRunbookFailsBothChecksAndAnUnconfiguredOneDoesNotRun()
    {
        string missing = Path.Combine(_folder, "missing.md");
        foreach (string id in new[] { IncidentRunbookCheck.CheckId, RollbackPlanCheck.CheckId })
        {
            CheckResult result = await RunAsync(id, missing);
            Assert.Equal(CheckStatus.Failed, result.Status);
            Assert.Contains("does not exist", Assert.Single(result.Reasons));

            CheckResult notRun = await TestSupport.RunSingleAsync(id, new AuditConfiguration());
            Assert.Equal(CheckStatus.NotRun, notRun.Status);
            Assert.Contains("Monitoring.RunbookPath", notRun.Message);
        }
    }

    [Theory]
    [InlineData("Turn MCP auth off with the feature flag `mcp-auth-enabled` (set it to false).", "Turn MCP auth off in the admin panel.", "names no switch that turns MCP auth off")]
    [InlineData("Existing web sessions stay valid: the login cookies are untouched.", "Users may need to log in again.", "does not say what happens to existing sessions")]
    [InlineData("Turn MCP auth off with the feature flag `mcp-auth-enabled` (set it to false).", "Turn the new auth off with the feature flag `auth-v2` (set it to false).", "does not speak of MCP")]
    [InlineData("## Rollback", "## Backing out", "has no rollback section")]
    public async Task ARollbackSectionThatLacksAPartFails(string remove, string replacement, string reason)
    {
        CheckResult result = await RunAsync(RollbackPlanCheck.CheckId, Write(GoodRunbook().Replace(remove, replacement)));
        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnUnrehearsedRollbackIsManualUntilAttestedAndAnOldRehearsalIsAWarning()
    {
        string path = Write(GoodRunbook(rehearsed: false));
        CheckResult manual = await RunAsync(RollbackPlanCheck.CheckId, path);
        Assert.Equal(CheckStatus.Manual, manual.Status);
        Assert.Contains("whether it was rehearsed needs a person", manual.Message);

        CheckResult attested = await RunAsync(RollbackPlanCheck.CheckId, path, c => c.Attestations.Add(new AttestationEntry(RollbackPlanCheck.CheckId, "sre@acme.test", MonitoringCheckTests.DaysAgo(20), "Game day 12: flag flipped in staging, sessions kept")));
        Assert.Equal(CheckStatus.Attested, attested.Status);

        CheckResult old = await RunAsync(RollbackPlanCheck.CheckId, Write(GoodRunbook(daysAgo: 365)));
        Assert.Equal(CheckStatus.Warning, old.Status);
        Assert.Contains("is 365 days ago, older than Policy.AttestationMaxAgeDays (180 days): rehearse the rollback again", Assert.Single(old.Reasons));
    }

    private static string Evidence(CheckResult result, string name) => result.Evidence.Single(e => e.Name == name).Value;

    private static Task<CheckResult> RunAsync(string id, string path, Action<AuditConfiguration>? configure = null)
    {
        var configuration = new AuditConfiguration();
        configuration.Monitoring.RunbookPath = path;
        configure?.Invoke(configuration);
        return TestSupport.RunSingleAsync(id, configuration);
    }

    private string Write(string text)
    {
        string path = Path.Combine(_folder, "runbook.md");
        File.WriteAllText(path, text);
        return path;
    }

    private void Git(string arguments)
    {
        using Process git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = _folder, UseShellExecute = false })!;
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
    }
}
