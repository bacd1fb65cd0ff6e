namespace ScalekitReadiness.Metrics;

/// <summary>What an <see cref="AuthMetric"/> row is about.</summary>
public enum AuthMetricDimension
{
    /// <summary>Every request.</summary>
    Overall,

    /// <summary>One client (application) id.</summary>
    Client,

    /// <summary>One resource (MCP server) id.</summary>
    Resource,

    /// <summary>One hour of the day (UTC), across all days.</summary>
    Hour,

    /// <summary>Sessions created: successful logins.</summary>
    SessionCreations,

    /// <summary>How long sessions lasted, from a successful login to the same user's next logout on the same client.</summary>
    SessionDuration,

    /// <summary>How often tokens are refreshed.</summary>
    RefreshFrequency,
}

/// <summary>
/// One figure of <c>Measure-SkAuthMetrics</c>: the requests of one dimension and key, their outcomes and rates.
/// Flat, so <c>Export-Csv</c> writes one clean row per figure.
/// </summary>
public sealed class AuthMetric
{
    internal AuthMetric(AuthMetricDimension dimension, string key, int total, int succeeded, int failed, double? value, string? unit)
    {
        Dimension = dimension;
        Key = key;
        Total = total;
        Succeeded = succeeded;
        Failed = failed;
        Value = value;
        Unit = unit;
    }

    /// <summary>Gets what the row is about.</summary>
    public AuthMetricDimension Dimension { get; }

    /// <summary>Gets the client id, resource id, hour (<c>HH:00</c>) or <c>All</c>.</summary>
    public string Key { get; }

    /// <summary>Gets how many log entries the row counts (every status; for sessions: how many logins, pairs or refreshes).</summary>
    public int Total { get; }

    /// <summary>Gets how many of them succeeded.</summary>
    public int Succeeded { get; }

    /// <summary>Gets how many of them failed.</summary>
    public int Failed { get; }

    /// <summary>Gets Succeeded / (Succeeded + Failed), between 0 and 1; null when nothing completed.</summary>
    public double? SuccessRate => Succeeded + Failed == 0 ? null : (double)Succeeded / (Succeeded + Failed);

    /// <summary>Gets Failed / (Succeeded + Failed), between 0 and 1; null when nothing completed.</summary>
    public double? FailureRate => Succeeded + Failed == 0 ? null : (double)Failed / (Succeeded + Failed);

    /// <summary>Gets the figure of a session row (median minutes, refreshes per day); null for rate rows.</summary>
    public double? Value { get; }

    /// <summary>Gets the unit of <see cref="Value"/>.</summary>
    public string? Unit { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Dimension} {Key}: {Total}";
}
