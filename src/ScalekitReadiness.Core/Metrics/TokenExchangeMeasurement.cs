using System;

namespace ScalekitReadiness.Metrics;

/// <summary>
/// What <c>Measure-SkTokenExchange</c> measured: client_credentials round trips against one token endpoint, their
/// outcomes and latency percentiles (milliseconds, over every answered request). Flat, so <c>Export-Csv</c> writes one clean row.
/// </summary>
public sealed class TokenExchangeMeasurement
{
    internal TokenExchangeMeasurement(
        string endpoint,
        int count,
        int concurrency,
        double? requestsPerSecond,
        int succeeded,
        int failed,
        int rateLimited,
        double[] sortedLatencyMs,
        string failuresByError,
        TimeSpan duration)
    {
        Endpoint = endpoint;
        Count = count;
        Concurrency = concurrency;
        RequestsPerSecond = requestsPerSecond;
        Succeeded = succeeded;
        Failed = failed;
        RateLimited = rateLimited;
        FailuresByError = failuresByError;
        Duration = duration;
        if (sortedLatencyMs.Length > 0)
        {
            MinMs = Round(sortedLatencyMs[0]);
            P50Ms = Round(Percentile(sortedLatencyMs, 50));
            P95Ms = Round(Percentile(sortedLatencyMs, 95));
            P99Ms = Round(Percentile(sortedLatencyMs, 99));
            MaxMs = Round(sortedLatencyMs[sortedLatencyMs.Length - 1]);
        }
    }

    /// <summary>Gets the token endpoint measured.</summary>
    public string Endpoint { get; }

    /// <summary>Gets how many round trips were made.</summary>
    public int Count { get; }

    /// <summary>Gets how many ran at once.</summary>
    public int Concurrency { get; }

    /// <summary>Gets the rate limit the requests were paced to (null: unpaced).</summary>
    public double? RequestsPerSecond { get; }

    /// <summary>Gets how many answered 200 with an access token.</summary>
    public int Succeeded { get; }

    /// <summary>Gets how many did not.</summary>
    public int Failed { get; }

    /// <summary>Gets how many 429 answers were seen (each was retried after its Retry-After).</summary>
    public int RateLimited { get; }

    /// <summary>Gets the fastest round trip, in milliseconds.</summary>
    public double? MinMs { get; }

    /// <summary>Gets the median round trip, in milliseconds.</summary>
    public double? P50Ms { get; }

    /// <summary>Gets the 95th percentile round trip, in milliseconds.</summary>
    public double? P95Ms { get; }

    /// <summary>Gets the 99th percentile round trip, in milliseconds.</summary>
    public double? P99Ms { get; }

    /// <summary>Gets the slowest round trip, in milliseconds.</summary>
    public double? MaxMs { get; }

    /// <summary>Gets the failures by OAuth error code or HTTP status, e.g. <c>invalid_client=3; HTTP 500=1</c>; empty when none failed.</summary>
    public string FailuresByError { get; }

    /// <summary>Gets how long the whole measurement took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    internal static double Percentile(double[] sorted, double percent)
    {
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Min(sorted.Length, Math.Max(1, rank)) - 1];
    }

    private static double Round(double value) => Math.Round(value, 3);
}
