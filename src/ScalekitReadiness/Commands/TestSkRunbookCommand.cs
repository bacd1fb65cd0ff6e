using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Monitoring;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks the incident response runbook (SK-MON-040) and its rollback plan (SK-MON-050).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkRunbook")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkRunbookCommand : SkCmdletBase
{
    /// <summary>Gets or sets the runbook file (Markdown or text).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "RunbookPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets attestations (hashtables with CheckId, By, On, Evidence and optional Expires), e.g. that the rollback was rehearsed (SK-MON-050).</summary>
    [Parameter]
    [ValidateNotNull]
    public object[]? Attestation { get; set; }

    /// <summary>Gets or sets how old a review, rehearsal or attestation may be, in days (default 180, Policy.AttestationMaxAgeDays).</summary>
    [Parameter]
    [ValidateRange(1, 3650)]
    public int MaxAgeDays { get; set; } = 180;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var configuration = new AuditConfiguration();
        configuration.Monitoring.RunbookPath = ResolvePath(Path);
        configuration.Policy.AttestationMaxAgeDays = MaxAgeDays;
        AttestationParameter.Apply(this, Attestation, configuration);
        var checks = new[] { CheckCatalog.Find(IncidentRunbookCheck.CheckId)!, CheckCatalog.Find(RollbackPlanCheck.CheckId)! };
        AuditRunner.Run(this, configuration, checks, new AuditRunOptions { ThrottleLimit = 1 }, showProgress: false);
    }
}
