using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ScalekitReadiness.Metrics;

/// <summary>
/// Computes <c>Measure-SkAuthMetrics</c>'s figures from auth-log entries: outcomes and rates overall, per client,
/// per resource and per hour of the day (UTC); session creations (successful logins); session durations where a
/// login and the same user's logout on the same client pair up; refresh frequency where refresh events exist.
/// </summary>
internal static class AuthMetricsCalculator
{
    public const string LoginWorkflow = "LOGIN";
    public const string LogoutWorkflow = "LOGOUT";
    public const string RefreshWorkflow = "REFRESH";

    public static IReadOnlyList<AuthMetric> Compute(IReadOnlyCollection<AuthLogEntry> entries)
    {
        var metrics = new List<AuthMetric> { Rates(AuthMetricDimension.Overall, "All", entries) };
        metrics.AddRange(Grouped(AuthMetricDimension.Client, entries.Where(e => e.ClientId is not null), e => e.ClientId!));
        metrics.AddRange(Grouped(AuthMetricDimension.Resource, entries.Where(e => e.ResourceId is not null), e => e.ResourceId!));
        metrics.AddRange(Grouped(AuthMetricDimension.Hour, entries, e => e.Timestamp.UtcDateTime.Hour.ToString("00", CultureInfo.InvariantCulture) + ":00"));

        AuthLogEntry[] logins = entries.Where(e => e.IsSuccess && Is(e, LoginWorkflow)).OrderBy(e => e.Timestamp).ToArray();
        if (entries.Count > 0)
        {
            metrics.Add(new AuthMetric(AuthMetricDimension.SessionCreations, "All", logins.Length, logins.Length, 0, logins.Length, "sessions"));
        }

        double[] durations = SessionDurations(entries, logins);
        if (durations.Length > 0)
        {
            metrics.Add(new AuthMetric(AuthMetricDimension.SessionDuration, "Median", durations.Length, durations.Length, 0, Median(durations), "minutes"));
        }

        AuthLogEntry[] refreshes = entries.Where(e => Is(e, RefreshWorkflow)).ToArray();
        if (refreshes.Length > 0)
        {
            int days = Math.Max(1, entries.Select(e => e.Timestamp.UtcDateTime.Date).Distinct().Count());
            metrics.Add(new AuthMetric(
                AuthMetricDimension.RefreshFrequency,
                "PerDay",
                refreshes.Length,
                refreshes.Count(e => e.IsSuccess),
                refreshes.Count(e => e.IsFailure),
                Math.Round((double)refreshes.Length / days, 2),
                "refreshes per day"));
        }

        return metrics;
    }

    private static bool Is(AuthLogEntry entry, string workflow) => string.Equals(entry.Workflow, workflow, StringComparison.OrdinalIgnoreCase);

    private static AuthMetric Rates(AuthMetricDimension dimension, string key, IEnumerable<AuthLogEntry> entries)
    {
        int total = 0, succeeded = 0, failed = 0;
        foreach (AuthLogEntry entry in entries)
        {
            total++;
            succeeded += entry.IsSuccess ? 1 : 0;
            failed += entry.IsFailure ? 1 : 0;
        }

        return new AuthMetric(dimension, key, total, succeeded, failed, null, null);
    }

    private static IEnumerable<AuthMetric> Grouped(AuthMetricDimension dimension, IEnumerable<AuthLogEntry> entries, Func<AuthLogEntry, string> key) =>
        entries.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Rates(dimension, g.Key, g));

    // Each successful logout closes the latest open login of the same user on the same client.
    private static double[] SessionDurations(IEnumerable<AuthLogEntry> entries, AuthLogEntry[] logins)
    {
        var open = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        var durations = new List<double>();
        IEnumerable<AuthLogEntry> events = logins.Concat(entries.Where(e => e.IsSuccess && Is(e, LogoutWorkflow)))
            .Where(e => e.Email is not null)
            .OrderBy(e => e.Timestamp);
        foreach (AuthLogEntry entry in events)
        {
            string user = entry.Email + "\n" + entry.ClientId;
            if (Is(entry, LoginWorkflow))
            {
                open[user] = entry.Timestamp;
            }
            else if (open.TryGetValue(user, out DateTimeOffset start))
            {
                durations.Add((entry.Timestamp - start).TotalMinutes);
                open.Remove(user);
            }
        }

        return durations.ToArray();
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.OrderBy(v => v).ToArray();
        int middle = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2, 2);
    }
}
