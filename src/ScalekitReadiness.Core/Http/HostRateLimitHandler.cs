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
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public HostRateLimitHandler(double requestsPerSecond)
    {
        _interval = requestsPerSecond > 0 ? TimeSpan.FromSeconds(1 / requestsPerSecond) : TimeSpan.Zero;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_interval > TimeSpan.Zero && request.RequestUri is Uri uri)
        {
            TimeSpan wait;
            lock (_nextSlot)
            {
                TimeSpan now = _clock.Elapsed;
                TimeSpan slot = _nextSlot.TryGetValue(uri.Authority, out TimeSpan next) && next > now ? next : now;
                _nextSlot[uri.Authority] = slot + _interval;
                wait = slot - now;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
