using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Monitoring;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>SK-MON-001 (auth-log access), SK-MON-010 (alerting), SK-MON-030 (retention), against the test deployment and files.</summary>
public sealed class MonitoringCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "skr-mon-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static DateTime DaysAgo(int days) => DateTime.UtcNow.Date.AddDays(-days);

    [Fact]
    public async Task AuthLogsReadByAScheduledRunbookPass()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = LogConfiguration(deployment);
        configuration.Monitoring.AlertRunbook = AlertScript("Get-SkAuthLog -StartTime (Get-Date).AddHours(-1) | Find-SkSuspiciousAuthActivity | Send-Page");

        CheckResult result = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, configuration);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(deployment.EnvironmentUrlString + "/api/v1/logs/authentication/requests", result.Target);
        Assert.Contains("reads it on a schedule (Find-SkSuspiciousAuthActivity)", result.Message);
        Assert.Contains(result.Evidence, e => e.Name == "Auth log" && e.Value.Contains("page_size=1") && e.Value.Contains("200"));
        Assert.DoesNotContain(deployment.ClientSecret, string.Join("\n", result.Evidence.Select(e => e.Value)));
    }

    [Fact]
    public async Task AuthLogsWithoutAWatcherAreManualThenAttestedThenAWarningWhenTheAttestationIsOld()
    {
        await using Deployment deployment = await TestSupport.StartAsync();

        CheckResult manual = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, LogConfiguration(deployment));
        Assert.Equal(CheckStatus.Manual, manual.Status);
        Assert.StartsWith("The auth-log API answers with this client (", manual.Message);
        Assert.Contains("attest who reviews Dashboard › Auth Logs", manual.Message);

        AuditConfiguration attested = LogConfiguration(deployment);
        attested.Attestations.Add(new AttestationEntry(AuthLogMonitoringCheck.CheckId, "secops@acme.test", DaysAgo(10), "Weekly review of Dashboard › Auth Logs, ticket SEC-4"));
        CheckResult attestedResult = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, attested);
        Assert.Equal(CheckStatus.Attested, attestedResult.Status);
        Assert.StartsWith("Attested by secops@acme.test on ", attestedResult.Message);

        AuditConfiguration old = LogConfiguration(deployment);
        old.Attestations.Add(new AttestationEntry(AuthLogMonitoringCheck.CheckId, "secops@acme.test", DaysAgo(400), "Weekly review"));
        CheckResult oldResult = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, old);
        Assert.Equal(CheckStatus.Warning, oldResult.Status);
        Assert.Contains("is 400 days old, older than Policy.AttestationMaxAgeDays (180 days)", oldResult.Message);
    }

    [Fact]
    public async Task AnAuthLogTheClientMayNotReadFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.AuthLogForbidden);
        CheckResult result = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, LogConfiguration(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        string reason = Assert.Single(result.Reasons);
        Assert.Contains("answered 403", reason);
        Assert.Contains("may not read authentication logs", reason);
    }

    [Fact]
    public async Task AnAuthLogWithoutRecentEntriesIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.AuthLogStale);
        AuditConfiguration configuration = LogConfiguration(deployment);
        configuration.Monitoring.AlertRunbook = AlertScript("Get-SkAuthLog | Find-SkSuspiciousAuthActivity");
        CheckResult result = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, configuration);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Equal("The auth log has no entry in the last 7 days (Policy.LogActivityWindowDays): nothing is logged — is this the production environment? — or nobody signs in.", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WrongCredentialsFailAndTheCheckNeedsStateChange()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration wrong = LogConfiguration(deployment);
        wrong.ClientSecret = "not-the-secret-0123456789";
        CheckResult failed = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, wrong);
        Assert.Equal(CheckStatus.Failed, failed.Status);
        Assert.Contains("did not mint a token", Assert.Single(failed.Reasons));

        AuditConfiguration passive = LogConfiguration(deployment);
        passive.AllowStateChange = false;
        CheckResult notRun = await TestSupport.RunSingleAsync(AuthLogMonitoringCheck.CheckId, passive);
        Assert.Equal(CheckStatus.NotRun, notRun.Status);
        Assert.Equal(NotRunReason.RequiresStateChange, notRun.NotRunReason);
    }

    [Fact]
    public async Task AlertingByAScheduledFinderPasses()
    {
        AuditConfiguration configuration = new();
        configuration.Monitoring.AlertRunbook = AlertScript("# hourly\nGet-SkAuthLog -StartTime (Get-Date).AddHours(-1) | Find-SkSuspiciousAuthActivity");
        CheckResult result = await TestSupport.RunSingleAsync(SuspiciousActivityAlertCheck.CheckId, configuration);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains(result.Evidence, e => e.Name == "Runs" && e.Value.StartsWith("Get-SkAuthLog", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAlertRunbookThatIsMissingOrNeverRunsTheFinderFails()
    {
        AuditConfiguration missing = new();
        missing.Monitoring.AlertRunbook = Path.Combine(_folder, "nope.ps1");
        CheckResult missingResult = await TestSupport.RunSingleAsync(SuspiciousActivityAlertCheck.CheckId, missing);
        Assert.Equal(CheckStatus.Failed, missingResult.Status);
        Assert.Contains("which does not exist", Assert.Single(missingResult.Reasons));

        AuditConfiguration commented = new();
        commented.Monitoring.AlertRunbook = AlertScript("# Find-SkSuspiciousAuthActivity (not scheduled yet)\nGet-SkAuthLog | Export-Csv log.csv");
        CheckResult commentedResult = await TestSupport.RunSingleAsync(SuspiciousActivityAlertCheck.CheckId, commented);
        Assert.Equal(CheckStatus.Failed, commentedResult.Status);
        Assert.Contains("never runs Find-SkSuspiciousAuthActivity (outside comments)", Assert.Single(commentedResult.Reasons));
    }

    [Fact]
    public async Task AlertingWithoutEvidenceIsManualUntilAttested()
    {
        CheckResult manual = await TestSupport.RunSingleAsync(SuspiciousActivityAlertCheck.CheckId, new AuditConfiguration());
        Assert.Equal(CheckStatus.Manual, manual.Status);
        Assert.Contains("attest the alerting rule (what, where, who is paged)", manual.Message);

        var attested = new AuditConfiguration();
        attested.Attestations.Add(new AttestationEntry(SuspiciousActivityAlertCheck.CheckId, "secops@acme.test", DaysAgo(3), "SIEM rule 'Scalekit failures' pages the on-call"));
        CheckResult result = await TestSupport.RunSingleAsync(SuspiciousActivityAlertCheck.CheckId, attested);
        Assert.Equal(CheckStatus.Attested, result.Status);
        Assert.Contains("SIEM rule 'Scalekit failures' pages the on-call", result.Message);
    }

    [Fact]
    public async Task RetentionIsManualWithoutAnAttestation()
    {
        CheckResult result = await TestSupport.RunSingleAsync(LogRetentionCheck.CheckId, new AuditConfiguration());
        Assert.Equal(CheckStatus.Manual, result.Status);
        Assert.Contains("attest it with CheckId SK-MON-030, By, On, Evidence and RetentionDays (at least 90)", result.Message);
    }

    [Theory]
    [InlineData(365, 5, CheckStatus.Attested, "Attested by ops@acme.test on ")]
    [InlineData(30, 5, CheckStatus.Failed, "states a retention of 30 days, less than Policy.MinLogRetentionDays (90)")]
    [InlineData(null, 5, CheckStatus.Warning, "states no RetentionDays")]
    [InlineData(365, 200, CheckStatus.Warning, "is 200 days old, older than Policy.AttestationMaxAgeDays (180 days)")]
    public async Task RetentionFollowsTheAttestation(int? days, int age, CheckStatus status, string text)
    {
        var configuration = new AuditConfiguration();
        configuration.Attestations.Add(new AttestationEntry(LogRetentionCheck.CheckId, "ops@acme.test", DaysAgo(age), "SIEM keeps auth logs (export job)", days));
        CheckResult result = await TestSupport.RunSingleAsync(LogRetentionCheck.CheckId, configuration);

        Assert.Equal(status, result.Status);
        Assert.Contains(text, result.Message);
    }

    private static AuditConfiguration LogConfiguration(Deployment deployment)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.ClientId = deployment.ClientId;
        configuration.ClientSecret = deployment.ClientSecret;
        configuration.AllowStateChange = true;
        return configuration;
    }

    private string AlertScript(string text)
    {
        string path = Path.Combine(_folder, "alert-" + Guid.NewGuid().ToString("N") + ".ps1");
        File.WriteAllText(path, text);
        return path;
    }
}
