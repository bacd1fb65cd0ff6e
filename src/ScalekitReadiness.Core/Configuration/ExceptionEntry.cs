using System;

namespace ScalekitReadiness.Configuration;

/// <summary>An accepted risk (config <c>Exceptions</c>): Failed and Warning results of a check, optionally of one target, until a date.</summary>
internal sealed class ExceptionEntry
{
    public ExceptionEntry(string checkId, string? target, string reason, string owner, DateTime expires)
    {
        CheckId = checkId;
        Target = target;
        Reason = reason;
        Owner = owner;
        Expires = expires.Date;
    }

    public string CheckId { get; }

    /// <summary>Gets the target covered, exactly or with * and ? wildcards; null covers every target of the check.</summary>
    public string? Target { get; }

    /// <summary>Gets why the risk is accepted.</summary>
    public string Reason { get; }

    /// <summary>Gets who owns the risk.</summary>
    public string Owner { get; }

    /// <summary>Gets the last day the exception applies (through the end of that day, UTC).</summary>
    public DateTime Expires { get; }
}
