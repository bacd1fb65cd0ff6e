using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>
/// SK-MON-030: authentication logs are kept at least <c>Policy.MinLogRetentionDays</c>. No API tells the retention,
/// so it is Manual until an attestation states it (RetentionDays); a stated retention below the policy fails.
/// </summary>
internal sealed class LogRetentionCheck : Check
{
    public const string CheckId = "SK-MON-030";

    public LogRetentionCheck()
        : base(new CheckDefinition(
            CheckId,
            "Log retention is configured",
            CheckSection.Monitoring,
            Severity.Medium,
            Safety.Passive,
            "Scalekit does not document the retention of auth logs and no API reads it, so a person attests it: the newest attestation for SK-MON-030 must state RetentionDays of at least Policy.MinLogRetentionDays (default 90). A shorter retention fails; an attestation without RetentionDays is a Warning; none is Manual; an attestation older than Policy.AttestationMaxAgeDays is a Warning.",
            "Keep authentication logs at least as long as your policy says: export them on a schedule (Get-SkAuthLog | Export-Csv into your log store or SIEM) or forward the webhook events, then attest it: Attestations with CheckId SK-MON-030, By, On, Evidence (where the logs live) and RetentionDays.",
            new string[0],
            new[] { "Scalekit: MCP production checklist (configure log retention policies)" }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) => null;

    public override Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        int minimum = configuration.Policy.MinLogRetentionDays;
        ResultBuilder result = context.StartResult(Definition, "(deployment)");
        result.Evidence("Policy.MinLogRetentionDays", minimum.ToString(CultureInfo.InvariantCulture));

        // The same attestation the engine will weigh: the newest one that is not dated in the future.
        DateTime today = context.Clock().UtcDateTime.Date;
        AttestationEntry? attestation = configuration.Attestations
            .Where(a => string.Equals(a.CheckId, CheckId, StringComparison.OrdinalIgnoreCase) && a.On <= today)
            .OrderByDescending(a => a.On)
            .FirstOrDefault();
        string message = $"No API reads the auth-log retention: attest it with CheckId {CheckId}, By, On, Evidence and RetentionDays (at least {minimum}).";
        if (attestation is null)
        {
            return Done(result.Manual(message));
        }

        string who = $"The attestation by {attestation.By} on {attestation.On:yyyy-MM-dd}";
        if (attestation.RetentionDays is not int days)
        {
            result.Warn($"{who} states no RetentionDays: add the retention seen, in days (at least {minimum}).");
        }
        else if (days < minimum)
        {
            result.Fail($"{who} states a retention of {days} days, less than Policy.MinLogRetentionDays ({minimum}): incidents found later cannot be investigated. Keep the logs longer (export them) and attest again.");
        }

        return Done(result.Manual(message));
    }

    private static Task<IEnumerable<CheckResult>> Done(CheckResult result) => Task.FromResult<IEnumerable<CheckResult>>(new[] { result });
}
