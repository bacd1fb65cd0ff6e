namespace ScalekitReadiness;

/// <summary>How a finding differs between a reference run and a difference run (<c>Compare-SkReadinessResult</c>).</summary>
/// <remarks>Failing means Failed or Error: the statuses <c>Assert-SkReadiness</c> gates on.</remarks>
public enum ComparisonChange
{
    /// <summary>Failing in the difference run; not failing, or absent, in the reference run.</summary>
    NewFailure,

    /// <summary>Failing in both runs, at a different severity.</summary>
    SeverityChanged,

    /// <summary>Failing in both runs, at the same severity.</summary>
    StillFailing,

    /// <summary>
    /// The status changed in a way that is neither a new failure nor a fix: Passed to Warning, or Failed to
    /// NotRun (not examined this time, so not known to be fixed), for example.
    /// </summary>
    StatusChanged,

    /// <summary>Failing in the reference run; Passed or Warning in the difference run.</summary>
    Fixed,

    /// <summary>Only in the difference run, and not failing.</summary>
    Added,

    /// <summary>Only in the reference run (the check or target was not examined in the difference run).</summary>
    Removed,

    /// <summary>Same status and severity in both runs (listed only with -IncludeUnchanged).</summary>
    Unchanged,
}
