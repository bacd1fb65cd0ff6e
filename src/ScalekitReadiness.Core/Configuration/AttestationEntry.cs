using System;

namespace ScalekitReadiness.Configuration;

/// <summary>A person's statement that a check no machine can decide is satisfied (config <c>Attestations</c>).</summary>
internal sealed class AttestationEntry
{
    public AttestationEntry(string checkId, string by, DateTime on, string evidence, int? retentionDays = null, DateTime? expires = null)
    {
        CheckId = checkId;
        By = by;
        On = on.Date;
        Evidence = evidence;
        RetentionDays = retentionDays;
        Expires = expires?.Date;
    }

    public string CheckId { get; }

    /// <summary>Gets who attests.</summary>
    public string By { get; }

    /// <summary>Gets the day of the attestation.</summary>
    public DateTime On { get; }

    /// <summary>Gets what was seen and where.</summary>
    public string Evidence { get; }

    /// <summary>Gets the log retention seen, in days (SK-MON-030).</summary>
    public int? RetentionDays { get; }

    /// <summary>Gets the last day the attestation holds, if it names one.</summary>
    public DateTime? Expires { get; }
}
