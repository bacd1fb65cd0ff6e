using System;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
using ScalekitReadiness.Metrics;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>Measure-SkTokenExchange's meter against the test deployment's token endpoint.</summary>
public sealed class TokenExchangeMeterTests
{
    [Fact]
    public async Task EveryRoundTripSucceedsAndThePercentilesAreOrdered()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        using ProbeClient probe = TestSupport.Probe(deployment, o => o.CredentialAuthorities.Add(deployment.EnvironmentUrl.Authority));
        TokenExchangeMeasurement m = await TokenExchangeMeter.RunAsync(probe, deployment.EnvironmentUrl, deployment.ClientId, deployment.ClientSecret, 12, 3, null, null, CancellationToken.None);

        Assert.Equal((12, 12, 0, 0, string.Empty), (m.Count, m.Succeeded, m.Failed, m.RateLimited, m.FailuresByError));
        Assert.Equal(deployment.EnvironmentUrlString + "/oauth/token", m.Endpoint);
        Assert.True(m.MinMs <= m.P50Ms && m.P50Ms <= m.P95Ms && m.P95Ms <= m.P99Ms && m.P99Ms <= m.MaxMs);
        Assert.Equal(12, probe.Exchanges.Count);
    }

    [Fact]
    public async Task FailuresAreCountedByErrorCode()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        using ProbeClient probe = TestSupport.Probe(deployment, o => o.CredentialAuthorities.Add(deployment.EnvironmentUrl.Authority));
        TokenExchangeMeasurement m = await TokenExchangeMeter.RunAsync(probe, deployment.EnvironmentUrl, deployment.ClientId, "wrong-secret-value-123", 5, 1, null, null, CancellationToken.None);

        Assert.Equal((0, 5, "invalid_client=5"), (m.Succeeded, m.Failed, m.FailuresByError));
        Assert.NotNull(m.P50Ms);
    }

    [Fact]
    public async Task A429IsRetriedAfterItsRetryAfterAndCounted()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.TokenRateLimited);
        using ProbeClient probe = TestSupport.Probe(deployment, o => o.CredentialAuthorities.Add(deployment.EnvironmentUrl.Authority));
        TokenExchangeMeasurement m = await TokenExchangeMeter.RunAsync(probe, deployment.EnvironmentUrl, deployment.ClientId, deployment.ClientSecret, 6, 2, null, null, CancellationToken.None);

        Assert.Equal((6, 0), (m.Succeeded, m.Failed));
        Assert.True(m.RateLimited >= 1, $"RateLimited = {m.RateLimited}");
    }

    [Fact]
    public async Task TheLatencyKnobShowsInTheFigures()
    {
        // A 200 ms knob must show in every round trip. Only a lower bound with a margin for timer granularity
        // (the server's delay may end a few milliseconds early) is asserted: load can only add to it.
        var options = new DeploymentOptions { TokenLatency = TimeSpan.FromMilliseconds(200) };
        await using Deployment deployment = await Deployment.StartAsync(options);
        using ProbeClient probe = TestSupport.Probe(deployment, o => o.CredentialAuthorities.Add(deployment.EnvironmentUrl.Authority));
        TokenExchangeMeasurement m = await TokenExchangeMeter.RunAsync(probe, deployment.EnvironmentUrl, deployment.ClientId, deployment.ClientSecret, 3, 1, null, null, CancellationToken.None);

        Assert.Equal(3, m.Succeeded);
        Assert.True(m.MinMs >= 150, $"MinMs = {m.MinMs}");
    }

    [Fact]
    public async Task TheCountIsCapped()
    {
        using var probe = new ProbeClient(new ProbeClientOptions(), new Redactor());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            TokenExchangeMeter.RunAsync(probe, new Uri("https://localhost:1"), "id", "secret", TokenExchangeMeter.MaxCount + 1, 1, null, null, CancellationToken.None));
    }

    [Fact]
    public void PercentilesUseTheNearestRank()
    {
        double[] sorted = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        Assert.Equal((5, 10, 10), (TokenExchangeMeasurement.Percentile(sorted, 50), TokenExchangeMeasurement.Percentile(sorted, 95), TokenExchangeMeasurement.Percentile(sorted, 99)));
    }
}
