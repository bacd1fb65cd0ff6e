using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ScalekitReadiness.Metrics;

/// <summary>The thresholds of <c>Find-SkSuspiciousAuthActivity</c>; each is a parameter of the cmdlet.</summary>
internal sealed class SuspiciousActivityOptions
{
    /// <summary>Gets or sets how many failures of one email or client within <see cref="FailureWindow"/> fire (default 5).</summary>
    public int FailureThreshold { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how many times the baseline failure rate an hour must reach (default 3).</summary>
    public double SpikeFactor { get; set; } = 3;

    /// <summary>Gets or sets the fewest failures in an hour for a spike (default 10), so quiet hours do not fire.</summary>
    public int SpikeMinimumFailures { get; set; } = 10;

    /// <summary>Gets or sets the length of the baseline before each hour (default 24 hours).</summary>
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets the period from the first entry in which every client counts as known (default 7 days).</summary>
    public TimeSpan LearningPeriod { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the first usual hour of the day, UTC (default 7).</summary>
    public int UsualHourStart { get; set; } = 7;

    /// <summary>Gets or sets the hour the usual hours end, UTC, exclusive (default 21); may be below the start to span midnight.</summary>
    public int UsualHourEnd { get; set; } = 21;
}

/// <summary>
/// Finds suspicious patterns in auth-log entries: repeated failures per email and per client within a window,
/// hourly failure-rate spikes against the preceding baseline, clients first seen after a learning period, and
/// activity outside the usual hours. Each finding says why it fired.
/// </summary>
internal static class SuspiciousActivityDetector
{
    public static IReadOnlyList<SuspiciousAuthFinding> Find(IReadOnlyCollection<AuthLogEntry> entries, SuspiciousActivityOptions options)
    {
        AuthLogEntry[] ordered = entries.OrderBy(e => e.Timestamp).ToArray();
        var findings = new List<SuspiciousAuthFinding>();
        findings.AddRange(RepeatedFailures(ordered, "Email", e => e.Email, options));
        findings.AddRange(RepeatedFailures(ordered, "Client", e => e.ClientId, options));
        findings.AddRange(Spikes(ordered, options));
        findings.AddRange(FirstSeenClients(ordered, options));
        findings.AddRange(OutsideUsualHours(ordered, options));
        return findings.OrderBy(f => f.Start).ThenBy(f => f.Kind).ThenBy(f => f.Subject, StringComparer.Ordinal).ToList();
    }

    /// <summary>Gets a value indicating whether <paramref name="hour"/> is inside the usual hours.</summary>
    public static bool IsUsualHour(int hour, SuspiciousActivityOptions options) =>
        options.UsualHourStart <= options.UsualHourEnd
            ? hour >= options.UsualHourStart && hour < options.UsualHourEnd
            : hour >= options.UsualHourStart || hour < options.UsualHourEnd;

    private static IEnumerable<SuspiciousAuthFinding> RepeatedFailures(AuthLogEntry[] ordered, string subjectType, Func<AuthLogEntry, string?> subjectOf, SuspiciousActivityOptions options)
    {
        foreach (IGrouping<string, AuthLogEntry> group in ordered.Where(e => e.IsFailure && subjectOf(e) is not null).GroupBy(e => subjectOf(e)!, StringComparer.OrdinalIgnoreCase))
        {
            AuthLogEntry[] failures = group.ToArray();
            int bestStart = 0, bestCount = 0, start = 0;
            for (int end = 0; end < failures.Length; end++)
            {
                while (failures[end].Timestamp - failures[start].Timestamp > options.FailureWindow)
                {
                    start++;
                }

                if (end - start + 1 > bestCount)
                {
                    bestCount = end - start + 1;
                    bestStart = start;
                }
            }

            if (bestCount >= options.FailureThreshold)
            {
                AuthLogEntry first = failures[bestStart], last = failures[bestStart + bestCount - 1];
                yield return new SuspiciousAuthFinding(
                    SuspiciousActivityKind.RepeatedFailures,
                    subjectType,
                    group.Key,
                    first.Timestamp,
                    last.Timestamp,
                    bestCount,
                    $"{bestCount} failed requests for {subjectType.ToLowerInvariant()} {group.Key} within {Minutes(options.FailureWindow)} ({Time(first.Timestamp)} to {Time(last.Timestamp)}); the threshold is {options.FailureThreshold}: a brute-force attempt, a leaked or rotated secret, or a broken deployment.");
            }
        }
    }

    private static IEnumerable<SuspiciousAuthFinding> Spikes(AuthLogEntry[] ordered, SuspiciousActivityOptions options)
    {
        AuthLogEntry[] completed = ordered.Where(e => e.IsSuccess || e.IsFailure).ToArray();
        foreach (IGrouping<DateTimeOffset, AuthLogEntry> hour in completed.GroupBy(e => HourOf(e.Timestamp)))
        {
            int failures = hour.Count(e => e.IsFailure);
            if (failures < options.SpikeMinimumFailures)
            {
                continue;
            }

            double rate = (double)failures / hour.Count();
            DateTimeOffset baselineStart = hour.Key - options.BaselineWindow;
            AuthLogEntry[] baseline = completed.Where(e => e.Timestamp >= baselineStart && e.Timestamp < hour.Key).ToArray();
            double baselineRate = baseline.Length == 0 ? 0 : (double)baseline.Count(e => e.IsFailure) / baseline.Length;
            if (rate > baselineRate && rate >= options.SpikeFactor * baselineRate)
            {
                yield return new SuspiciousAuthFinding(
                    SuspiciousActivityKind.FailureRateSpike,
                    "Hour",
                    hour.Key.UtcDateTime.ToString("yyyy-MM-dd'T'HH:00'Z'", CultureInfo.InvariantCulture),
                    hour.Min(e => e.Timestamp),
                    hour.Max(e => e.Timestamp),
                    failures,
                    $"{failures} of {hour.Count()} completed requests failed in the hour from {Time(hour.Key)} ({Percent(rate)}), against {Percent(baselineRate)} in the {Hours(options.BaselineWindow)} before ({baseline.Length} requests); the threshold is {options.SpikeFactor.ToString(CultureInfo.InvariantCulture)} times the baseline and at least {options.SpikeMinimumFailures} failures.");
            }
        }
    }

    private static IEnumerable<SuspiciousAuthFinding> FirstSeenClients(AuthLogEntry[] ordered, SuspiciousActivityOptions options)
    {
        if (ordered.Length == 0)
        {
            yield break;
        }

        DateTimeOffset learnedUntil = ordered[0].Timestamp + options.LearningPeriod;
        foreach (IGrouping<string, AuthLogEntry> client in ordered.Where(e => e.ClientId is not null).GroupBy(e => e.ClientId!, StringComparer.Ordinal))
        {
            AuthLogEntry first = client.First();
            if (first.Timestamp >= learnedUntil)
            {
                string name = first.ClientName is null ? string.Empty : $" ({first.ClientName}{(first.ClientType is null ? string.Empty : ", " + first.ClientType)})";
                yield return new SuspiciousAuthFinding(
                    SuspiciousActivityKind.FirstSeenClient,
                    "Client",
                    client.Key,
                    first.Timestamp,
                    client.Last().Timestamp,
                    client.Count(),
                    $"Client {client.Key}{name} was first seen at {Time(first.Timestamp)}, after the {Days(options.LearningPeriod)} learning period that began at {Time(ordered[0].Timestamp)}; {client.Count()} requests since. Confirm someone registered it.");
            }
        }
    }

    private static IEnumerable<SuspiciousAuthFinding> OutsideUsualHours(AuthLogEntry[] ordered, SuspiciousActivityOptions options)
    {
        foreach (IGrouping<string, AuthLogEntry> client in ordered
            .Where(e => e.ClientId is not null && !IsUsualHour(e.Timestamp.UtcDateTime.Hour, options))
            .GroupBy(e => e.ClientId!, StringComparer.Ordinal))
        {
            AuthLogEntry first = client.First(), last = client.Last();
            yield return new SuspiciousAuthFinding(
                SuspiciousActivityKind.OutsideUsualHours,
                "Client",
                client.Key,
                first.Timestamp,
                last.Timestamp,
                client.Count(),
                $"{client.Count()} requests of client {client.Key} outside the usual hours {options.UsualHourStart:00}:00-{options.UsualHourEnd:00}:00 UTC, the first at {Time(first.Timestamp)}.");
        }
    }

    private static DateTimeOffset HourOf(DateTimeOffset time) =>
        new(time.UtcDateTime.Year, time.UtcDateTime.Month, time.UtcDateTime.Day, time.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " minutes";

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " hours";

    private static string Days(TimeSpan span) => span.TotalDays.ToString("0.##", CultureInfo.InvariantCulture) + "-day";
}
