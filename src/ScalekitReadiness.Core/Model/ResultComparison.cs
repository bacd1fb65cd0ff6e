namespace ScalekitReadiness;

/// <summary>
/// One finding compared between two runs: the same check and target in a reference run (a baseline, staging)
/// and a difference run (today's, production). Written by <c>Compare-SkReadinessResult</c>.
/// </summary>
public sealed class ResultComparison
{
    internal ResultComparison(ComparisonChange change, CheckResult? reference, CheckResult? difference)
    {
        CheckResult either = difference ?? reference!;
        Change = change;
        CheckId = either.CheckId;
        Title = either.Title;
        Target = either.Target;
        Deployment = either.Deployment;
        ReferenceStatus = reference?.Status;
        DifferenceStatus = difference?.Status;
        ReferenceSeverity = reference?.Severity;
        DifferenceSeverity = difference?.Severity;
        Reference = reference;
        Difference = difference;
    }

    /// <summary>Gets how the finding changed.</summary>
    public ComparisonChange Change { get; }

    /// <summary>Gets the catalog id of the check.</summary>
    public string CheckId { get; }

    /// <summary>Gets the catalog title of the check.</summary>
    public string Title { get; }

    /// <summary>Gets the target examined: the difference run's, or the reference run's when the difference run lacks it.</summary>
    public string Target { get; }

    /// <summary>Gets the deployment name: the difference run's, or the reference run's when the difference run lacks the finding.</summary>
    public string? Deployment { get; }

    /// <summary>Gets the status in the reference run; null when the reference run lacks the finding.</summary>
    public CheckStatus? ReferenceStatus { get; }

    /// <summary>Gets the status in the difference run; null when the difference run lacks the finding.</summary>
    public CheckStatus? DifferenceStatus { get; }

    /// <summary>Gets the severity in the reference run; null when the reference run lacks the finding.</summary>
    public Severity? ReferenceSeverity { get; }

    /// <summary>Gets the severity in the difference run; null when the difference run lacks the finding.</summary>
    public Severity? DifferenceSeverity { get; }

    /// <summary>Gets the result of the reference run, with its reasons and evidence; null when it lacks the finding.</summary>
    public CheckResult? Reference { get; }

    /// <summary>Gets the result of the difference run, with its reasons and evidence; null when it lacks the finding.</summary>
    public CheckResult? Difference { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Change} {CheckId} {Target}: {ReferenceStatus?.ToString() ?? "-"} → {DifferenceStatus?.ToString() ?? "-"}";
}
