using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
using ScalekitReadiness.Metrics;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>
/// The auth-log client, the metrics and the suspicious-activity finder on the test deployment's seeded month. Every
/// expected figure is computed here from the entries (or from the seed's documented design), not taken from the output.
/// </summary>
public sealed class AuthLogMetricsTests
{
    [Fact]
    public async Task PagingReadsEveryEntryOnceNewestFirst()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (List<AuthLogEntry> entries, long? total, int pages) = await ReadAsync(deployment, new AuthLogQuery { PageSize = 100 });

        Assert.Equal(total, entries.Count);
        Assert.Equal((int)Math.Ceiling(entries.Count / 100.0), pages);
        Assert.Equal(entries.Count, entries.Select(e => e.AuthRequestId).Distinct().Count());
        Assert.True(entries.Zip(entries.Skip(1), (a, b) => a.Timestamp >= b.Timestamp).All(ordered => ordered));
        Assert.True(entries.All(e => e.Timestamp >= deployment.AuthLogEnd.AddDays(-AuthLogData.Days) && e.Timestamp < deployment.AuthLogEnd));
        Assert.InRange(entries.Count, 1000, 4000); // a month of a small company's logins, refreshes and M2M calls
    }

    [Fact]
    public async Task FiltersAndMaxPagesNarrowTheRead()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (List<AuthLogEntry> all, _, _) = await ReadAsync(deployment, new AuthLogQuery());

        var failedQuery = new AuthLogQuery { ClientId = AuthLogData.BurstClientId };
        failedQuery.Statuses.Add("failed");
        (List<AuthLogEntry> failed, _, _) = await ReadAsync(deployment, failedQuery);
        Assert.Equal(all.Where(e => e.ClientId == AuthLogData.BurstClientId && e.Status == "FAILED").Select(e => e.AuthRequestId), failed.Select(e => e.AuthRequestId));

        DateTimeOffset from = deployment.AuthLogEnd.AddDays(-2), to = deployment.AuthLogEnd.AddDays(-1);
        (List<AuthLogEntry> window, _, _) = await ReadAsync(deployment, new AuthLogQuery { StartTime = from, EndTime = to, Email = "user03@acme.example" });
        Assert.Equal(all.Where(e => e.Timestamp >= from && e.Timestamp <= to && e.Email == "user03@acme.example").Select(e => e.AuthRequestId), window.Select(e => e.AuthRequestId));

        (List<AuthLogEntry> capped, _, int pages) = await ReadAsync(deployment, new AuthLogQuery { PageSize = 7, MaxPages = 3 });
        Assert.Equal(3, pages);
        Assert.Equal(all.Take(21).Select(e => e.AuthRequestId), capped.Select(e => e.AuthRequestId));
    }

    [Fact]
    public async Task A429IsRetriedAfterItsRetryAfter()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.AuthLogThrottled);
        using ProbeClient probe = TestSupport.Probe(deployment, o => o.CredentialAuthorities.Add(deployment.EnvironmentUrl.Authority));
        var client = new AuthLogClient(probe, deployment.EnvironmentUrl, deployment.ClientId, deployment.ClientSecret);
        var entries = new List<AuthLogEntry>();
        await client.ReadAllAsync(new AuthLogQuery { PageSize = 10, MaxPages = 3 }, page => entries.AddRange(page.Entries), CancellationToken.None);

        Assert.Equal(30, entries.Count);
        Assert.Contains(probe.Exchanges, e => e.StatusCode == 429);
    }

    [Fact]
    public async Task MetricsOfTheSeededMonthMatchAnIndependentCount()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (List<AuthLogEntry> entries, _, _) = await ReadAsync(deployment, new AuthLogQuery());
        IReadOnlyList<AuthMetric> metrics = AuthMetricsCalculator.Compute(entries);

        AuthMetric overall = metrics.Single(m => m.Dimension == AuthMetricDimension.Overall);
        int successes = entries.Count(e => e.Status == "SUCCESS"), failures = entries.Count(e => e.Status == "FAILED");
        Assert.Equal((entries.Count, successes, failures), (overall.Total, overall.Succeeded, overall.Failed));
        Assert.Equal((double)failures / (successes + failures), overall.FailureRate!.Value, 10);

        foreach (IGrouping<string?, AuthLogEntry> client in entries.GroupBy(e => e.ClientId))
        {
            AuthMetric row = metrics.Single(m => m.Dimension == AuthMetricDimension.Client && m.Key == client.Key);
            Assert.Equal((client.Count(), client.Count(e => e.Status == "SUCCESS"), client.Count(e => e.Status == "FAILED")), (row.Total, row.Succeeded, row.Failed));
        }

        Assert.Equal(5, metrics.Count(m => m.Dimension == AuthMetricDimension.Client));
        AuthMetric resource = metrics.Single(m => m.Dimension == AuthMetricDimension.Resource);
        Assert.Equal(("res_test123", entries.Count(e => e.ResourceId == "res_test123")), (resource.Key, resource.Total));

        // The burst hour of day carries its 40 failures on top of the normal ones.
        AuthMetric afternoon = metrics.Single(m => m.Dimension == AuthMetricDimension.Hour && m.Key == "14:00");
        Assert.Equal(entries.Count(e => e.Timestamp.UtcDateTime.Hour == 14 && e.Status == "FAILED"), afternoon.Failed);
        Assert.True(afternoon.Failed >= AuthLogData.BurstFailures);
        AuthMetric night = metrics.Single(m => m.Dimension == AuthMetricDimension.Hour && m.Key == "03:00");
        Assert.Equal((AuthLogData.NewClientRequests, AuthLogData.NewClientRequests), (night.Total, night.Succeeded));

        AuthMetric sessions = metrics.Single(m => m.Dimension == AuthMetricDimension.SessionCreations);
        Assert.Equal(entries.Count(e => e.Workflow == "LOGIN" && e.Status == "SUCCESS"), sessions.Total);

        // Every logout of the seed closes that day's login of the same user, 81 to 220 minutes later.
        AuthMetric durations = metrics.Single(m => m.Dimension == AuthMetricDimension.SessionDuration);
        List<double> expected = entries.Where(e => e.Workflow == "LOGOUT")
            .Select(logout => (logout.Timestamp - entries.Where(l => l.Workflow == "LOGIN" && l.Status == "SUCCESS" && l.Email == logout.Email && l.ClientId == logout.ClientId && l.Timestamp < logout.Timestamp).Max(l => l.Timestamp)).TotalMinutes)
            .OrderBy(m => m)
            .ToList();
        Assert.Equal(expected.Count, durations.Total);
        double median = expected.Count % 2 == 1 ? expected[expected.Count / 2] : (expected[(expected.Count / 2) - 1] + expected[expected.Count / 2]) / 2;
        Assert.Equal(Math.Round(median, 2), durations.Value);
        Assert.InRange(durations.Value!.Value, 81, 220);

        AuthMetric refresh = metrics.Single(m => m.Dimension == AuthMetricDimension.RefreshFrequency);
        int refreshes = entries.Count(e => e.Workflow == "REFRESH");
        Assert.Equal(refreshes, refresh.Total);
        Assert.Equal(Math.Round(refreshes / (double)AuthLogData.Days, 2), refresh.Value);
    }

    [Fact]
    public async Task TheFinderFindsTheBurstTheSpikeAndTheNightlyNewClientAndNothingElse()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (List<AuthLogEntry> entries, _, _) = await ReadAsync(deployment, new AuthLogQuery());
        IReadOnlyList<SuspiciousAuthFinding> findings = SuspiciousActivityDetector.Find(entries, new SuspiciousActivityOptions());

        DateTimeOffset burst = deployment.AuthLogEnd.AddDays(-AuthLogData.BurstDaysBeforeEnd).AddHours(14);
        DateTimeOffset night = deployment.AuthLogEnd.AddDays(-AuthLogData.NewClientDaysBeforeEnd).AddHours(3);
        Assert.Equal(
            new[]
            {
                (SuspiciousActivityKind.RepeatedFailures, AuthLogData.BurstClientId),
                (SuspiciousActivityKind.FailureRateSpike, burst.UtcDateTime.ToString("yyyy-MM-dd'T'HH:00'Z'", System.Globalization.CultureInfo.InvariantCulture)),
                (SuspiciousActivityKind.FirstSeenClient, AuthLogData.NewClientId),
                (SuspiciousActivityKind.OutsideUsualHours, AuthLogData.NewClientId),
            },
            findings.Select(f => (f.Kind, f.Subject)).ToArray());

        // Repeated failures: the most failures of the burst client in any 15-minute window, counted by brute force.
        DateTimeOffset[] failed = entries.Where(e => e.ClientId == AuthLogData.BurstClientId && e.Status == "FAILED").Select(e => e.Timestamp).ToArray();
        int most = failed.Max(start => failed.Count(t => t >= start && t - start <= TimeSpan.FromMinutes(15)));
        SuspiciousAuthFinding repeated = findings[0];
        Assert.Equal(most, repeated.Count);
        Assert.True(repeated.Count >= AuthLogData.BurstFailures);
        Assert.Contains($"{most} failed requests for client {AuthLogData.BurstClientId} within 15 minutes", repeated.Reason);

        SuspiciousAuthFinding spike = findings[1];
        Assert.Equal(entries.Count(e => e.Status == "FAILED" && e.Timestamp >= burst && e.Timestamp < burst.AddHours(1)), spike.Count);

        SuspiciousAuthFinding firstSeen = findings[2];
        Assert.Equal(night, firstSeen.Start);
        Assert.Equal(AuthLogData.NewClientRequests, firstSeen.Count);
        Assert.Contains("(Unregistered CLI, M2M) was first seen at", firstSeen.Reason);

        SuspiciousAuthFinding outside = findings[3];
        Assert.Equal((AuthLogData.NewClientRequests, night, night.AddMinutes(4 * (AuthLogData.NewClientRequests - 1))), (outside.Count, outside.Start, outside.End));
        Assert.Contains("outside the usual hours 07:00-21:00 UTC", outside.Reason);
    }

    [Fact]
    public async Task ThresholdsChangeWhatFires()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (List<AuthLogEntry> entries, _, _) = await ReadAsync(deployment, new AuthLogQuery());

        // Above the burst: no repeated failures. A night that starts at 02:00 puts the new client in usual hours.
        var options = new SuspiciousActivityOptions { FailureThreshold = 100, UsualHourStart = 2, UsualHourEnd = 22, LearningPeriod = TimeSpan.FromDays(40) };
        IReadOnlyList<SuspiciousAuthFinding> findings = SuspiciousActivityDetector.Find(entries, options);
        Assert.Equal(new[] { SuspiciousActivityKind.FailureRateSpike }, findings.Select(f => f.Kind).ToArray());
    }

    private static async Task<(List<AuthLogEntry> Entries, long? Total, int Pages)> ReadAsync(Deployment deployment, AuthLogQuery query)
    {
        using ProbeClient probe = TestSupport.Probe(deployment, o => o.CredentialAuthorities.Add(deployment.EnvironmentUrl.Authority));
        var client = new AuthLogClient(probe, deployment.EnvironmentUrl, deployment.ClientId, deployment.ClientSecret);
        var entries = new List<AuthLogEntry>();
        long? total = null;
        int pages = await client.ReadAllAsync(query, page =>
        {
            entries.AddRange(page.Entries);
            total = page.TotalSize;
        }, CancellationToken.None);
        return (entries, total, pages);
    }
}
