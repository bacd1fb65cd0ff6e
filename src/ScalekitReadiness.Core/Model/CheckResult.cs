using System;

namespace ScalekitReadiness;

/// <summary>One finding: the outcome of one check against one target.</summary>
public sealed class CheckResult
{
    internal CheckResult(
        Guid runId,
        string? deployment,
        CheckDefinition check,
        CheckStatus status,
        Severity severity,
        string target,
        string message,
        ReasonList reasons,
        NotRunReason? notRunReason,
        EvidenceList evidence,
        TimeSpan duration,
        DateTimeOffset timestamp)
    {
        RunId = runId;
        Deployment = deployment;
        CheckId = check.Id;
        Title = check.Title;
        Section = check.Section;
        Safety = check.Safety;
        Remediation = check.Remediation;
        DocsUrl = check.DocsUrl;
        References = check.References;
        Status = status;
        Severity = severity;
        Target = target;
        Message = message;
        Reasons = reasons;
        NotRunReason = notRunReason;
        Evidence = evidence;
        Duration = duration;
        Timestamp = timestamp;
    }

    /// <summary>Gets the identifier shared by all results of one audit run.</summary>
    public Guid RunId { get; }

    /// <summary>Gets the name of the audited deployment (the configuration's Name, else its file name); null for a Test-Sk* run.</summary>
    public string? Deployment { get; }

    /// <summary>Gets the catalog id of the check, e.g. <c>SK-MCP-010</c>.</summary>
    public string CheckId { get; }

    /// <summary>Gets the catalog title of the check.</summary>
    public string Title { get; }

    /// <summary>Gets the checklist section the check belongs to.</summary>
    public CheckSection Section { get; }

    /// <summary>Gets the outcome.</summary>
    public CheckStatus Status { get; }

    /// <summary>Gets the effective severity (the catalog default unless the policy overrides it).</summary>
    public Severity Severity { get; }

    /// <summary>Gets the URL, path or item examined.</summary>
    public string Target { get; }

    /// <summary>Gets one human line saying what was found.</summary>
    public string Message { get; }

    /// <summary>Gets each individual finding behind the status.</summary>
    public ReasonList Reasons { get; }

    /// <summary>Gets why the check did not run; set only when <see cref="Status"/> is NotRun.</summary>
    public NotRunReason? NotRunReason { get; }

    /// <summary>Gets the ordered, redacted facts the verdict rests on.</summary>
    public EvidenceList Evidence { get; }

    /// <summary>Gets what to do about a failure, in one paragraph.</summary>
    public string Remediation { get; }

    /// <summary>Gets the remediation page of this check.</summary>
    public string DocsUrl { get; }

    /// <summary>Gets the Scalekit, MCP and RFC references for the check.</summary>
    public ReasonList References { get; }

    /// <summary>Gets what the check does to the probed systems.</summary>
    public Safety Safety { get; }

    /// <summary>Gets how long the check took for this target.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets when the result was produced.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Status} {Severity} {CheckId} {Target}: {Message}";
}
