namespace ScalekitReadiness.TestDeployment;

/// <summary>The monitoring faults (SK-MON-001, SK-MON-020, the metrics cmdlets).</summary>
public static partial class Faults
{
    // SK-MON-001: the auth-log API.

    /// <summary>The auth-log API answers 403 to the environment's own API client: monitoring cannot read the log.</summary>
    public const string AuthLogForbidden = "auth-log-forbidden";

    /// <summary>The seeded month of auth-log entries ends 30 days ago: nothing was logged in the last week.</summary>
    public const string AuthLogStale = "auth-log-stale";

    /// <summary>Every second auth-log request answers 429 with Retry-After: 1 (a passing case: readers must back off and retry).</summary>
    public const string AuthLogThrottled = "auth-log-throttled";

    // SK-MON-020: the webhook receiver's Standard-Webhooks verification.

    /// <summary>The webhook receiver accepts an event without webhook-signature.</summary>
    public const string WebhookAcceptsUnsigned = "webhook-accepts-unsigned";

    /// <summary>The webhook receiver accepts an event whose signature does not verify.</summary>
    public const string WebhookAcceptsBadSignature = "webhook-accepts-bad-signature";

    /// <summary>The webhook receiver ignores webhook-timestamp, so a correctly signed old event (a replay) is accepted.</summary>
    public const string WebhookIgnoresTimestamp = "webhook-ignores-timestamp";

    // Measure-SkTokenExchange.

    /// <summary>Every fourth token request answers 429 with Retry-After: 1 and error_code RATE_LIMITED (a passing case: clients must retry).</summary>
    public const string TokenRateLimited = "token-rate-limited";
}
