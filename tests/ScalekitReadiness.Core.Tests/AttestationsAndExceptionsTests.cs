using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>The engine applies the configuration's attestations and exceptions, with scripted checks and a fixed clock.</summary>
public sealed class AttestationsAndExceptionsTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 1, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task AManualCheckWithAFreshAttestationIsAttestedNamingWhoWhenAndEvidence()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-MON-030", CheckStatus.Manual),
            c => c.Attestations.Add(new AttestationEntry("SK-MON-030", "ops@acme.test", new DateTime(2026, 10, 1), "Auth Logs retention screenshot, ticket OPS-12", retentionDays: 365)));

        Assert.Equal(CheckStatus.Attested, result.Status);
        Assert.Equal("Attested by ops@acme.test on 2026-10-01: Auth Logs retention screenshot, ticket OPS-12 (retention 365 days).", result.Message);
        Assert.Equal(result.Message, result.Reasons[0]);
        Assert.Contains("scripted: a person must decide", result.Reasons);
    }

    [Fact]
    public async Task AnAttestationOlderThanThePolicyAllowsIsAWarningThatSaysSo()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-MON-010", CheckStatus.Manual),
            c =>
            {
                c.Policy.AttestationMaxAgeDays = 90;
                c.Attestations.Add(new AttestationEntry("SK-MON-010", "ops@acme.test", new DateTime(2026, 6, 1), "PagerDuty rule 7"));
            });

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Equal("The attestation by ops@acme.test on 2026-06-01 is 153 days old, older than Policy.AttestationMaxAgeDays (90 days): check again and renew it (Attestations in the configuration).", result.Message);
    }

    [Fact]
    public async Task TheDefaultMaximumAgeIs180DaysAndTheLatestAttestationCounts()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-MON-010", CheckStatus.Manual),
            c =>
            {
                c.Attestations.Add(new AttestationEntry("SK-MON-010", "old@acme.test", new DateTime(2025, 1, 1), "old"));
                c.Attestations.Add(new AttestationEntry("SK-MON-010", "new@acme.test", new DateTime(2026, 5, 5), "new"));
            });

        Assert.Equal(CheckStatus.Attested, result.Status);
        Assert.StartsWith("Attested by new@acme.test on 2026-05-05", result.Message);
    }

    [Fact]
    public async Task AnAttestationPastItsExpiryIsAWarning()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-MON-050", CheckStatus.Manual),
            c => c.Attestations.Add(new AttestationEntry("SK-MON-050", "ops@acme.test", new DateTime(2026, 10, 1), "rehearsal", expires: new DateTime(2026, 10, 31))));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("expired on 2026-10-31", result.Message);
    }

    [Fact]
    public async Task WithoutAnAttestationAManualCheckStaysManual()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-MON-050", CheckStatus.Manual),
            c => c.Attestations.Add(new AttestationEntry("SK-MON-030", "ops@acme.test", new DateTime(2026, 10, 1), "another check")));

        Assert.Equal(CheckStatus.Manual, result.Status);
    }

    [Fact]
    public async Task AnAttestationNeverHidesAFailure()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-MON-001", CheckStatus.Failed),
            c => c.Attestations.Add(new AttestationEntry("SK-MON-001", "ops@acme.test", new DateTime(2026, 10, 1), "we look at the logs")));

        Assert.Equal(CheckStatus.Failed, result.Status);
    }

    [Fact]
    public async Task AFailureCoveredByAValidExceptionIsExceptedNamingOwnerReasonAndExpiry()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-QC-020", CheckStatus.Failed),
            c => c.Exceptions.Add(new ExceptionEntry("SK-QC-020", "https://app.acme.test/api/*", "Partner widget until the gateway ships", "security@acme.test", new DateTime(2026, 11, 1))));

        Assert.Equal(CheckStatus.Excepted, result.Status);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal("Excepted until 2026-11-01 by security@acme.test: Partner widget until the gateway ships. The finding: scripted failure", result.Message);
        Assert.Equal(new[] { "Excepted until 2026-11-01 by security@acme.test: Partner widget until the gateway ships.", "scripted failure" }, result.Reasons);
    }

    [Fact]
    public async Task AWarningCanBeExceptedToo()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-QC-020", CheckStatus.Warning),
            c => c.Exceptions.Add(new ExceptionEntry("SK-QC-020", null, "accepted", "sec", new DateTime(2027, 1, 1))));

        Assert.Equal(CheckStatus.Excepted, result.Status);
    }

    [Fact]
    public async Task AnExceptionForAnotherTargetDoesNotApply()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-QC-020", CheckStatus.Failed),
            c => c.Exceptions.Add(new ExceptionEntry("SK-QC-020", "https://other.acme.test/*", "another host", "sec", new DateTime(2027, 1, 1))));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(new[] { "scripted failure" }, result.Reasons);
    }

    [Fact]
    public async Task AnExpiredExceptionStopsApplyingAndSaysSo()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-QC-020", CheckStatus.Failed),
            c => c.Exceptions.Add(new ExceptionEntry("SK-QC-020", "https://app.acme.test/api/me", "Partner widget", "security@acme.test", new DateTime(2026, 10, 31))));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal("scripted failure", result.Message);
        Assert.Equal("The exception for this finding (security@acme.test: Partner widget) expired on 2026-10-31, so the finding counts again: fix it, or renew the exception with a later Expires date.", result.Reasons[1]);
    }

    [Fact]
    public async Task AnExceptionWhoseCheckPassesIsReportedAsStale()
    {
        CheckResult result = await RunAsync(
            Scripted("SK-QC-020", CheckStatus.Passed),
            c => c.Exceptions.Add(new ExceptionEntry("SK-QC-020", null, "Partner widget", "security@acme.test", new DateTime(2027, 1, 1))));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("The exception for SK-QC-020 (security@acme.test: Partner widget; until 2027-01-01) is stale: the check passes now. Remove it from Exceptions.", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnErrorIsNeverExcepted()
    {
        CheckResult result = await RunAsync(
            new ScriptedCheck(Definition("SK-QC-020"), builder => throw new ProbeException(ProbeFailure.ConnectionRefused, new Uri("https://app.acme.test/api/me"), "The connection was refused.")),
            c => c.Exceptions.Add(new ExceptionEntry("SK-QC-020", null, "accepted", "sec", new DateTime(2027, 1, 1))));

        Assert.Equal(CheckStatus.Error, result.Status);
    }

    [Fact]
    public async Task AnExceptedHighFailureDoesNotBlockTheLaterSections()
    {
        var configuration = new AuditConfiguration();
        configuration.Exceptions.Add(new ExceptionEntry("SK-QC-020", null, "accepted", "sec", new DateTime(2027, 1, 1)));
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid(), () => s_now);
        var results = new ConcurrentBag<CheckResult>();

        await AuditEngine.RunAsync(context, new Check[] { Scripted("SK-QC-020", CheckStatus.Failed), Scripted("SK-MCP-010", CheckStatus.Passed) }, new AuditRunOptions(), results.Add, null, CancellationToken.None);

        Assert.Equal(CheckStatus.Excepted, results.Single(r => r.CheckId == "SK-QC-020").Status);
        Assert.Equal(CheckStatus.Passed, results.Single(r => r.CheckId == "SK-MCP-010").Status);
    }

    private static async Task<CheckResult> RunAsync(Check check, Action<AuditConfiguration> configure)
    {
        var configuration = new AuditConfiguration();
        configure(configuration);
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid(), () => s_now);
        return (await AuditEngine.RunCheckAsync(context, check, CancellationToken.None)).Single();
    }

    private static ScriptedCheck Scripted(string id, CheckStatus outcome) =>
        new(Definition(id), builder => outcome switch
        {
            CheckStatus.Failed => builder.Fail("scripted failure").Build(string.Empty),
            CheckStatus.Warning => builder.Warn("scripted warning").Build(string.Empty),
            CheckStatus.Passed => builder.Build("scripted pass"),
            _ => ManualResult(builder.Build(string.Empty), id),
        });

    // No implemented check is Manual yet (SK-MON-* will be), so the result is made the way the engine makes results.
    private static CheckResult ManualResult(CheckResult built, string id) =>
        new(built.RunId, built.Deployment, Definition(id), CheckStatus.Manual, built.Severity, built.Target, "scripted: a person must decide",
            new ReasonList(new List<string> { "scripted: a person must decide" }), null, built.Evidence, built.Duration, built.Timestamp);

    private static CheckDefinition Definition(string id) =>
        new(id, "Scripted " + id, id.StartsWith("SK-QC", StringComparison.Ordinal) ? CheckSection.QuickChecks : id.StartsWith("SK-MCP", StringComparison.Ordinal) ? CheckSection.McpAuthentication : CheckSection.Monitoring, Severity.High, Safety.Passive, "scripted", "none", Array.Empty<string>(), Array.Empty<string>());

    private sealed class ScriptedCheck : Check
    {
        private readonly Func<ResultBuilder, CheckResult> _run;

        public ScriptedCheck(CheckDefinition definition, Func<ResultBuilder, CheckResult> run)
            : base(definition)
        {
            _run = run;
        }

        public override string? MissingConfiguration(AuditContext context) => null;

        public override Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<CheckResult>>(new[] { _run(context.StartResult(Definition, "https://app.acme.test/api/me")) });
    }
}
