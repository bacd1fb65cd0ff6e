using System.Collections.Generic;
using System.Management.Automation;
using ScalekitReadiness.Metrics;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Computes success and failure rates (overall, per client, resource and hour), session creations, session durations and refresh frequency from auth-log entries.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SkAuthMetrics")]
[OutputType(typeof(AuthMetric))]
public sealed class MeasureSkAuthMetricsCommand : SkCmdletBase
{
    private readonly List<AuthLogEntry> _entries = new();

    /// <summary>Gets or sets the auth-log entries, usually from Get-SkAuthLog.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public AuthLogEntry[] InputObject { get; set; } = System.Array.Empty<AuthLogEntry>();

    /// <inheritdoc/>
    protected override void ProcessRecord() => _entries.AddRange(InputObject);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        foreach (AuthMetric metric in AuthMetricsCalculator.Compute(_entries))
        {
            WriteObject(metric);
        }
    }
}
