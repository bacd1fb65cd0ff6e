using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Monitoring;

namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>
/// SK-MON-040: the incident response runbook exists, names who to contact, has a rollback section and a Scalekit
/// escalation path, and was reviewed within <c>Policy.AttestationMaxAgeDays</c>.
/// </summary>
internal sealed class IncidentRunbookCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MON-040";

    public IncidentRunbookCheck()
        : base(new CheckDefinition(
            CheckId,
            "Incident response runbook is written",
            CheckSection.Monitoring,
            Severity.High,
            Safety.Passive,
            "Reads Monitoring.RunbookPath (Markdown or text): it must exist, name who to contact (an email address, a phone number, an on-call or paging reference), have a rollback section (a heading with 'rollback'), name a Scalekit escalation path (a line with Scalekit and support, escalation, contact, ticket or Slack), and have been reviewed within Policy.AttestationMaxAgeDays (default 180): a 'Last reviewed: YYYY-MM-DD' line, else the file's last git commit date.",
            "Write the runbook next to your code (docs/runbook.md): who is on call and how to reach them, a '## Rollback' section (how to turn MCP auth off without breaking sessions: SK-MON-050), how to escalate to Scalekit (support contact, your Slack channel with them), and a 'Last reviewed: YYYY-MM-DD' line you update at each review. Name it in Monitoring.RunbookPath.",
            new[] { RunbookFile.ConfigurationKey },
            new[] { "Scalekit: MCP production checklist (document an incident response runbook)" }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.Monitoring.RunbookPath is null ? RunbookFile.ConfigurationKey : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.Monitoring.RunbookPath;

    public override Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string path = context.Configuration.Monitoring.RunbookPath!;
        ResultBuilder result = context.StartResult(Definition, path);
        if (RunbookFile.Open(path, result) is RunbookDocument document)
        {
            Judge(context, path, document, result, cancellationToken);
        }

        return Task.FromResult<IEnumerable<CheckResult>>(new[] { result.Build($"The runbook {path} names contacts, a rollback section and a Scalekit escalation path, and was reviewed within the policy.") });
    }

    private static void Judge(AuditContext context, string path, RunbookDocument document, ResultBuilder result, CancellationToken cancellationToken)
    {
        if (document.ContactLines.Count == 0)
        {
            result.Fail("The runbook names nobody to contact: add the on-call rotation or an email address / phone number of who decides in an incident.");
        }
        else
        {
            result.Evidence("Contact", document.ContactLines[0]);
        }

        if (document.RollbackHeading is null)
        {
            result.Fail("The runbook has no rollback section (a heading with 'Rollback'): in an incident nobody knows how to back out.");
        }
        else
        {
            result.Evidence("Rollback section", document.RollbackHeading);
        }

        if (document.EscalationLine is null)
        {
            result.Fail("The runbook names no Scalekit escalation path: add how to reach Scalekit (support contact, ticket, shared Slack channel).");
        }
        else
        {
            result.Evidence("Scalekit escalation", document.EscalationLine);
        }

        (DateTime? reviewed, string source) = RunbookFile.LastReview(path, document, cancellationToken);
        if (reviewed is DateTime day)
        {
            result.Evidence("Review date from", source);
            RunbookFile.JudgeAge(context, result, day, "Last reviewed", tooOld => result.Fail(tooOld + ": review the runbook and update its 'Last reviewed:' line."));
        }
        else
        {
            result.Fail($"The runbook has no review date: no 'Last reviewed: YYYY-MM-DD' line, and no git date ({source}). Add the line at each review.");
        }
    }
}
