using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Metrics;

/// <summary>
/// Runs <c>Measure-SkTokenExchange</c>: <c>count</c> client_credentials round trips, at most <c>concurrency</c> at
/// once, their starts paced to a rate limit outside the timed section, so the figures are the endpoint's and not the
/// pacing's. The probe client retries 429 after Retry-After; only the answered attempt is timed.
/// </summary>
internal static class TokenExchangeMeter
{
    /// <summary>The most round trips one measurement may make.</summary>
    public const int MaxCount = 10000;

    public static async Task<TokenExchangeMeasurement> RunAsync(
        ProbeClient probe,
        Uri environment,
        string clientId,
        string clientSecret,
        int count,
        int concurrency,
        double? requestsPerSecond,
        Action<int>? onCompleted,
        CancellationToken cancellationToken)
    {
        if (count < 1 || count > MaxCount)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The count must be between 1 and {MaxCount}.");
        }

        Uri endpoint = ClientCredentialsGrant.TokenEndpoint(environment);
        int exchangesBefore = probe.Exchanges.Count;
        var latencies = new List<double>(count);
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        int succeeded = 0, next = -1, completed = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan interval = requestsPerSecond is double rate && rate > 0 ? TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate)) : TimeSpan.Zero;

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                TimeSpan wait = TimeSpan.FromTicks(interval.Ticks * index) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                string? failure;
                try
                {
                    ProbeResponse response = await probe.SendAsync(ClientCredentialsGrant.Request(endpoint, clientId, clientSecret), cancellationToken).ConfigureAwait(false);
                    ClientCredentialsAnswer answer = ClientCredentialsGrant.Read(response, probe.Redactor);
                    lock (latencies)
                    {
                        latencies.Add(response.Elapsed.TotalMilliseconds);
                    }

                    failure = answer.Succeeded ? null : answer.Error ?? "HTTP " + response.StatusCode.ToString(CultureInfo.InvariantCulture);
                }
                catch (ProbeException ex)
                {
                    failure = ex.Failure.ToString();
                }

                lock (failures)
                {
                    if (failure is null)
                    {
                        succeeded++;
                    }
                    else
                    {
                        failures[failure] = failures.TryGetValue(failure, out int n) ? n + 1 : 1;
                    }
                }

                onCompleted?.Invoke(Interlocked.Increment(ref completed));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Math.Min(concurrency, count))).Select(_ => WorkerAsync())).ConfigureAwait(false);
        clock.Stop();
        int rateLimited = probe.Exchanges.Skip(exchangesBefore).Count(e => e.StatusCode == 429);
        string byError = string.Join("; ", failures.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value.ToString(CultureInfo.InvariantCulture)));
        return new TokenExchangeMeasurement(
            endpoint.AbsoluteUri,
            count,
            concurrency,
            requestsPerSecond,
            succeeded,
            count - succeeded,
            rateLimited,
            latencies.OrderBy(l => l).ToArray(),
            byError,
            clock.Elapsed);
    }
}
