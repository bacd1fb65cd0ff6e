using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Monitoring;

namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>
/// SK-MON-010: suspicious authentication activity raises alerts: the scheduled <c>Monitoring.AlertRunbook</c> runs
/// <c>Find-SkSuspiciousAuthActivity</c>, or an attestation names the alerting rule (what, where, who is paged).
/// </summary>
internal sealed class SuspiciousActivityAlertCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MON-010";

    public SuspiciousActivityAlertCheck()
        : base(new CheckDefinition(
            CheckId,
            "Alerts exist for suspicious activity",
            CheckSection.Monitoring,
            Severity.High,
            Safety.Passive,
            "Passed when Monitoring.AlertRunbook names a script that runs Find-SkSuspiciousAuthActivity (evidence that it runs on a schedule); Failed when that file is missing or never runs it. Without the key no machine can see your alerting: Manual until an attestation names the rule (what fires, where, who is paged).",
            "Schedule Get-SkAuthLog -StartTime (Get-Date).AddHours(-1) | Find-SkSuspiciousAuthActivity and send its findings to your paging tool (a scheduled task or an Azure Automation runbook; see docs/examples), and name the script in Monitoring.AlertRunbook. If alerting lives elsewhere (a SIEM rule on the webhook events), attest it: Attestations with CheckId SK-MON-010, By, On and Evidence (the rule, its destination, who is paged).",
            new string[0],
            new[]
            {
                "Scalekit: MCP production checklist (monitoring: alerts for suspicious activity)",
                "Get-Help Find-SkSuspiciousAuthActivity",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) => null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.Monitoring.AlertRunbook ?? "(alerting)";

    public override Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        ResultBuilder result = context.StartResult(Definition, DefaultTarget(context)!);
        if (context.Configuration.Monitoring.AlertRunbook is not string runbook)
        {
            return Done(result.Manual($"No machine can see your alerting rules. Name the script that runs {AlertRunbook.FinderCmdlet} on a schedule in Monitoring.AlertRunbook, or attest the alerting rule (what, where, who is paged) with CheckId {CheckId}."));
        }

        if (AlertRunbook.FinderLine(runbook, out string? problem) is string line)
        {
            result.Evidence("Runs", line);
            return Done(result.Build($"{runbook} runs {AlertRunbook.FinderCmdlet}: suspicious activity is looked for on its schedule."));
        }

        result.Fail(problem!);
        return Done(result.Build(string.Empty));
    }

    private static Task<IEnumerable<CheckResult>> Done(CheckResult result) => Task.FromResult<IEnumerable<CheckResult>>(new[] { result });
}
