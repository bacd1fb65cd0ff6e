using System;
using System.Collections.Generic;
using System.Management.Automation;
using ScalekitReadiness.Metrics;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Finds suspicious patterns in auth-log entries: repeated failures, failure-rate spikes, first-seen clients, activity outside usual hours.</para>
/// </summary>
[Cmdlet(VerbsCommon.Find, "SkSuspiciousAuthActivity")]
[OutputType(typeof(SuspiciousAuthFinding))]
public sealed class FindSkSuspiciousAuthActivityCommand : SkCmdletBase
{
    private readonly List<AuthLogEntry> _entries = new();

    /// <summary>Gets or sets the auth-log entries, usually from Get-SkAuthLog.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public AuthLogEntry[] InputObject { get; set; } = Array.Empty<AuthLogEntry>();

    /// <summary>Gets or sets how many failures of one email or client within -FailureWindow fire (default 5).</summary>
    [Parameter]
    [ValidateRange(2, 100000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>Gets or sets the window of -FailureThreshold (default 15 minutes).</summary>
    [Parameter]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how many times the baseline failure rate an hour must reach to be a spike (default 3).</summary>
    [Parameter]
    [ValidateRange(1.0, 1000.0)]
    public double SpikeFactor { get; set; } = 3;

    /// <summary>Gets or sets the fewest failures in an hour for a spike (default 10).</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int SpikeMinimumFailures { get; set; } = 10;

    /// <summary>Gets or sets the baseline before each hour (default 24 hours).</summary>
    [Parameter]
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the period from the first entry in which every client counts as known (default 7 days).</summary>
    [Parameter]
    public TimeSpan LearningPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the first usual hour of the day, UTC (default 7).</summary>
    [Parameter]
    [ValidateRange(0, 23)]
    public int UsualHourStart { get; set; } = 7;

    /// <summary>Gets or sets the hour the usual hours end, UTC, exclusive (default 21); below -UsualHourStart spans midnight.</summary>
    [Parameter]
    [ValidateRange(0, 24)]
    public int UsualHourEnd { get; set; } = 21;

    /// <inheritdoc/>
    protected override void ProcessRecord() => _entries.AddRange(InputObject);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var options = new SuspiciousActivityOptions
        {
            FailureThreshold = FailureThreshold,
            FailureWindow = FailureWindow,
            SpikeFactor = SpikeFactor,
            SpikeMinimumFailures = SpikeMinimumFailures,
            BaselineWindow = BaselineWindow,
            LearningPeriod = LearningPeriod,
            UsualHourStart = UsualHourStart,
            UsualHourEnd = UsualHourEnd,
        };
        foreach (SuspiciousAuthFinding finding in SuspiciousActivityDetector.Find(_entries, options))
        {
            WriteObject(finding);
        }
    }
}
