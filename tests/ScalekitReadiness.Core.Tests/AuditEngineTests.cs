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

/// <summary>The engine's gates and ordering, with scripted checks (the network is covered by the check tests).</summary>
public sealed class AuditEngineTests
{
    [Fact]
    public async Task AHighFailureInAnEarlierSectionBlocksTheLaterOnes()
    {
        var results = await RunAsync(new AuditRunOptions(), Scripted("SK-QC-901", CheckSection.QuickChecks, Severity.High, CheckStatus.Failed), Scripted("SK-MCP-901", CheckSection.McpAuthentication));

        Assert.Equal(CheckStatus.Failed, results["SK-QC-901"].Status);
        CheckResult blocked = results["SK-MCP-901"];
        Assert.Equal(CheckStatus.NotRun, blocked.Status);
        Assert.Equal(NotRunReason.Blocked, blocked.NotRunReason);
        Assert.Contains("QuickChecks", blocked.Message);
    }

    [Fact]
    public async Task IgnoreBlockersRunsTheLaterSectionsAnyway()
    {
        var results = await RunAsync(new AuditRunOptions { IgnoreBlockers = true }, Scripted("SK-QC-901", CheckSection.QuickChecks, Severity.Critical, CheckStatus.Failed), Scripted("SK-MCP-901", CheckSection.McpAuthentication));

        Assert.Equal(CheckStatus.Passed, results["SK-MCP-901"].Status);
    }

    [Fact]
    public async Task AMediumFailureDoesNotBlock()
    {
        var results = await RunAsync(new AuditRunOptions(), Scripted("SK-QC-901", CheckSection.QuickChecks, Severity.Medium, CheckStatus.Failed), Scripted("SK-MCP-901", CheckSection.McpAuthentication));

        Assert.Equal(CheckStatus.Passed, results["SK-MCP-901"].Status);
    }

    [Fact]
    public async Task StateChangingChecksRunOnlyWhenAllowed()
    {
        ScriptedCheck minting = Scripted("SK-QC-902", CheckSection.QuickChecks, safety: Safety.StateChanging);

        var refused = await RunAsync(new AuditRunOptions(), minting);
        Assert.Equal(NotRunReason.RequiresStateChange, refused["SK-QC-902"].NotRunReason);
        Assert.Equal(0, minting.Runs);

        var allowed = await RunAsync(new AuditRunOptions(), configuration => configuration.AllowStateChange = true, minting);
        Assert.Equal(CheckStatus.Passed, allowed["SK-QC-902"].Status);
        Assert.Equal(1, minting.Runs);
    }

    [Fact]
    public async Task AnUnexpectedExceptionBecomesAnErrorResultWithoutTheSecret()
    {
        var crashing = new ScriptedCheck(Definition("SK-QC-903", CheckSection.QuickChecks, Severity.High, Safety.Passive), _ => throw new InvalidOperationException("boom near eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln"));

        var results = await RunAsync(new AuditRunOptions(), crashing);

        CheckResult result = results["SK-QC-903"];
        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("defect of the auditor", result.Message);
        Assert.DoesNotContain("eyJhbGciOiJub25lIn0", result.Message);
    }

    [Fact]
    public async Task ChecksOfOneSectionRunConcurrentlyWithinTheThrottle()
    {
        int running = 0, peak = 0;
        ScriptedCheck Slow(string id) => new(Definition(id, CheckSection.QuickChecks, Severity.Low, Safety.Passive), async builder =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(150);
            Interlocked.Decrement(ref running);
            return builder.Build("ok");
        });

        await RunAsync(new AuditRunOptions { ThrottleLimit = 2 }, Slow("SK-QC-911"), Slow("SK-QC-912"), Slow("SK-QC-913"), Slow("SK-QC-914"));

        Assert.Equal(2, peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static Task<Dictionary<string, CheckResult>> RunAsync(AuditRunOptions options, params Check[] checks) => RunAsync(options, null, checks);

    private static async Task<Dictionary<string, CheckResult>> RunAsync(AuditRunOptions options, Action<AuditConfiguration>? configure, params Check[] checks)
    {
        var configuration = new AuditConfiguration();
        configure?.Invoke(configuration);
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        var results = new ConcurrentBag<CheckResult>();
        await AuditEngine.RunAsync(context, checks, options, results.Add, null, CancellationToken.None);
        return results.ToDictionary(r => r.CheckId);
    }

    private static ScriptedCheck Scripted(string id, CheckSection section, Severity severity = Severity.High, CheckStatus outcome = CheckStatus.Passed, Safety safety = Safety.Passive) =>
        new(Definition(id, section, severity, safety), builder =>
            Task.FromResult(outcome == CheckStatus.Failed ? builder.Fail("scripted failure").Build(string.Empty) : builder.Build("scripted pass")));

    private static CheckDefinition Definition(string id, CheckSection section, Severity severity, Safety safety) =>
        new(id, "Scripted " + id, section, severity, safety, "scripted", "none", Array.Empty<string>(), Array.Empty<string>());

    private sealed class ScriptedCheck : Check
    {
        private readonly Func<ResultBuilder, Task<CheckResult>> _run;
        private int _runs;

        public ScriptedCheck(CheckDefinition definition, Func<ResultBuilder, Task<CheckResult>> run)
            : base(definition)
        {
            _run = run;
        }

        public int Runs => _runs;

        public override string? MissingConfiguration(AuditContext context) => null;

        public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return new[] { await _run(context.StartResult(Definition, "scripted-target")) };
        }
    }
}
