using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace ScalekitReadiness.Http;

/// <summary>
/// Spaces request starts to the same host (authority) at most <c>rate</c> per second, so an audit never
/// floods a production endpoint, whatever the check concurrency.
/// </summary>
internal sealed class HostRateLimitHandler : DelegatingHandler
{
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, TimeSpan> _nextSlot = new(StringComparer.OrdinalIgnoreCase);
    private readonly Func<TimeSpan> _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;

    public HostRateLimitHandler(double requestsPerSecond)
        : this(requestsPerSecond, Stopwatch.StartNew().ElapsedTimeClock(), Task.Delay)
    {
    }

    /// <summary>For tests: a clock and a delay that need not be real, so the pacing can be checked without timing.</summary>
    internal HostRateLimitHandler(double requestsPerSecond, Func<TimeSpan> clock, Func<TimeSpan, CancellationToken, Task> delay)
    {
        _interval = requestsPerSecond > 0 ? TimeSpan.FromSeconds(1 / requestsPerSecond) : TimeSpan.Zero;
        _clock = clock;
        _delay = delay;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_interval > TimeSpan.Zero && request.RequestUri is Uri uri)
        {
            TimeSpan wait;
            lock (_nextSlot)
            {
                TimeSpan now = _clock();
                TimeSpan slot = _nextSlot.TryGetValue(uri.Authority, out TimeSpan next) && next > now ? next : now;
                _nextSlot[uri.Authority] = slot + _interval;
                wait = slot - now;
            }

            if (wait > TimeSpan.Zero)
            {
                await _delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Turns a running stopwatch into a clock function.</summary>
internal static class StopwatchClock
{
    public static Func<TimeSpan> ElapsedTimeClock(this Stopwatch stopwatch) => () => stopwatch.Elapsed;
}
