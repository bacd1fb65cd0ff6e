using System;

namespace ScalekitReadiness.Metrics;

/// <summary>Which rule of <c>Find-SkSuspiciousAuthActivity</c> fired.</summary>
public enum SuspiciousActivityKind
{
    /// <summary>Many failed requests for one email or client within a short window.</summary>
    RepeatedFailures,

    /// <summary>An hour whose failure rate is a multiple of the preceding baseline's.</summary>
    FailureRateSpike,

    /// <summary>A client first seen after the learning period.</summary>
    FirstSeenClient,

    /// <summary>Activity outside the usual hours.</summary>
    OutsideUsualHours,
}

/// <summary>One finding of <c>Find-SkSuspiciousAuthActivity</c>: what fired, for whom, when, and why.</summary>
public sealed class SuspiciousAuthFinding
{
    internal SuspiciousAuthFinding(SuspiciousActivityKind kind, string subjectType, string subject, DateTimeOffset start, DateTimeOffset end, int count, string reason)
    {
        Kind = kind;
        SubjectType = subjectType;
        Subject = subject;
        Start = start;
        End = end;
        Count = count;
        Reason = reason;
    }

    /// <summary>Gets the rule that fired.</summary>
    public SuspiciousActivityKind Kind { get; }

    /// <summary>Gets what <see cref="Subject"/> is: Email, Client or Hour.</summary>
    public string SubjectType { get; }

    /// <summary>Gets the email, client id or hour (UTC, <c>yyyy-MM-ddTHH:00Z</c>) concerned.</summary>
    public string Subject { get; }

    /// <summary>Gets the time of the first entry behind the finding (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Gets the time of the last entry behind the finding (UTC).</summary>
    public DateTimeOffset End { get; }

    /// <summary>Gets how many entries are behind the finding.</summary>
    public int Count { get; }

    /// <summary>Gets why it fired, with the figures and the threshold.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {Subject}: {Reason}";
}
