using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Monitoring;

namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>
/// SK-MON-050: the runbook's rollback section says how MCP auth is switched off without breaking existing sessions
/// (a named feature flag or configuration switch), and the rollback was rehearsed: a recent <c>Last rehearsed:</c>
/// line, or an attestation.
/// </summary>
internal sealed class RollbackPlanCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MON-050";

    public RollbackPlanCheck()
        : base(new CheckDefinition(
            CheckId,
            "Rollback plan keeps existing sessions",
            CheckSection.Monitoring,
            Severity.Medium,
            Safety.Passive,
            "Reads the rollback section of Monitoring.RunbookPath: it must speak of MCP, name the switch that turns MCP auth off (a feature flag, toggle or configuration key, with its name in backticks, as an UPPER_CASE variable or as key=value) and say what happens to existing sessions. Rehearsal: a 'Last rehearsed: YYYY-MM-DD' line within Policy.AttestationMaxAgeDays passes, an older one is a Warning; without one the check is Manual until an attestation says it was rehearsed.",
            "In the runbook's rollback section, name the switch (for example `MCP_AUTH_ENABLED=false` or the feature flag `mcp-auth`) that turns MCP auth off, and say that existing web sessions stay valid (the web login and its cookies are untouched; only the MCP endpoint's auth changes). Rehearse it in staging and record 'Last rehearsed: YYYY-MM-DD', or attest it (CheckId SK-MON-050).",
            new[] { RunbookFile.ConfigurationKey },
            new[] { "Scalekit: MCP production checklist (plan a rollback that keeps existing sessions)" }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.Monitoring.RunbookPath is null ? RunbookFile.ConfigurationKey : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.Monitoring.RunbookPath;

    public override Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string path = context.Configuration.Monitoring.RunbookPath!;
        ResultBuilder result = context.StartResult(Definition, path);
        if (RunbookFile.Open(path, result) is not RunbookDocument document)
        {
            return Done(result.Build(string.Empty));
        }

        if (document.RollbackHeading is null)
        {
            result.Fail("The runbook has no rollback section (a heading with 'Rollback'), so it cannot say how to turn MCP auth off without breaking sessions.");
            return Done(result.Build(string.Empty));
        }

        result.Evidence("Rollback section", document.RollbackHeading);
        if (!document.RollbackMentionsMcp)
        {
            result.Fail($"The rollback section '{document.RollbackHeading}' does not speak of MCP: say how MCP auth is turned off.");
        }

        if (document.RollbackSwitch is string switchLine)
        {
            result.Evidence("Switch", switchLine);
        }
        else
        {
            result.Fail($"The rollback section '{document.RollbackHeading}' names no switch that turns MCP auth off (a feature flag or configuration key, named in backticks, as an UPPER_CASE variable or as key=value).");
        }

        if (document.RollbackSessionLine is string sessionLine)
        {
            result.Evidence("Sessions", sessionLine);
        }
        else
        {
            result.Fail($"The rollback section '{document.RollbackHeading}' does not say what happens to existing sessions: a rollback that logs everyone out is an outage of its own.");
        }

        if (document.LastRehearsed is DateTime rehearsed)
        {
            RunbookFile.JudgeAge(context, result, rehearsed, "Last rehearsed", tooOld => result.Warn(tooOld + ": rehearse the rollback again and update the line."));
            return Done(result.Build($"The rollback section names the switch that turns MCP auth off, keeps sessions, and was rehearsed on {rehearsed:yyyy-MM-dd}."));
        }

        return Done(result.Manual($"The rollback section names the switch that turns MCP auth off and keeps sessions; whether it was rehearsed needs a person: add 'Last rehearsed: YYYY-MM-DD' or attest it (CheckId {CheckId})."));
    }

    private static Task<IEnumerable<CheckResult>> Done(CheckResult result) => Task.FromResult<IEnumerable<CheckResult>>(new[] { result });
}
