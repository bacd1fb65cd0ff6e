using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;

namespace ScalekitReadiness.TestDeployment;

/// <summary>What the monitoring endpoints share: the seeded auth log, the webhook secret, the token latency and counters.</summary>
internal sealed class MonitoringState
{
    private readonly Lazy<IReadOnlyList<AuthLogRecord>> _authLog;
    private int _authLogRequests;
    private int _tokenRequests;

    public MonitoringState(bool stale, string resourceId)
    {
        // The month ends at the UTC midnight the deployment started in (30 days earlier when stale).
        DateTimeOffset today = new(DateTime.UtcNow.Date, TimeSpan.Zero);
        LogEnd = stale ? today.AddDays(-30) : today;
        _authLog = new Lazy<IReadOnlyList<AuthLogRecord>>(() => AuthLogData.Generate(LogEnd, resourceId));
    }

    /// <summary>The end of the seeded month (exclusive).</summary>
    public DateTimeOffset LogEnd { get; }

    /// <summary>The seeded auth log, newest first.</summary>
    public IReadOnlyList<AuthLogRecord> AuthLog => _authLog.Value;

    /// <summary>The Standard-Webhooks signing secret of the webhook receiver, fresh per deployment.</summary>
    public string WebhookSecret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>How long the token endpoint waits before answering (the latency knob).</summary>
    public TimeSpan TokenLatency { get; set; }

    public int NextAuthLogRequest() => Interlocked.Increment(ref _authLogRequests);

    public int NextTokenRequest() => Interlocked.Increment(ref _tokenRequests);
}
