using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Monitoring;

namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>
/// SK-MON-020: the webhook receiver that feeds authentication events to error tracking verifies Scalekit's
/// Standard-Webhooks signatures: it rejects an unsigned event, a wrongly signed event and a correctly signed event with
/// a stale timestamp. Whether failures then reach error tracking needs a person (attestation).
/// </summary>
internal sealed class WebhookVerificationCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MON-020";
    public const string ProbeEventType = "sk_readiness.probe";
    private static readonly TimeSpan s_staleBy = TimeSpan.FromMinutes(10);

    public WebhookVerificationCheck()
        : base(new CheckDefinition(
            CheckId,
            "Authentication failures reach error tracking",
            CheckSection.Monitoring,
            Severity.High,
            Safety.Active,
            "POSTs three forged Scalekit-style webhook events, each marked as a probe in its body (type sk_readiness.probe), to Monitoring.WebhookUrl: one without webhook-signature, one signed with a wrong secret, and one correctly signed (secret from Monitoring.WebhookSecretEnv) whose webhook-timestamp is 10 minutes old. Each must be rejected with 400, 401 or 403; accepting one is Critical (anyone can inject events). Without the secret the stale probe cannot be sent (Warning). Whether authentication failures then reach your error tracking needs a person: Manual until attested.",
            "Verify every delivery before acting on it: HMAC-SHA256 of '<webhook-id>.<webhook-timestamp>.<raw body>' keyed with the base64 part of your whsec_ secret, compared in constant time with each v1 signature of webhook-signature; reject timestamps more than 5 minutes away from now. Scalekit's SDKs do this (verifyWebhookPayload); so does the standardwebhooks library. Answer 401 (or 400) on failure. Then forward failures (user.login failures, organization SSO errors) to your error tracking and attest it (CheckId SK-MON-020).",
            new[] { "Monitoring.WebhookUrl" },
            new[]
            {
                "Standard Webhooks specification (webhook-id, webhook-timestamp, webhook-signature)",
                "Scalekit: authenticate/implement-workflows/implement-webhooks; scalekit-sdk-node verifyWebhookPayload",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.Monitoring.WebhookUrl is null ? "Monitoring.WebhookUrl" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.Monitoring.WebhookUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string url = context.Configuration.Monitoring.WebhookUrl!;
        ResultBuilder result = context.StartResult(Definition, url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? receiver))
        {
            result.Fail($"Monitoring.WebhookUrl '{url}' is not an absolute URL.");
            return new[] { result.Build(string.Empty) };
        }

        string? secret = Secret(context, result);
        long now = context.Clock().ToUnixTimeSeconds();
        string wrongSecret = StandardWebhookSignature.SecretPrefix + Convert.ToBase64String(RandomBytes(24));
        var probes = new List<(string Label, string What, long Timestamp, string? SigningSecret)>
        {
            ("Unsigned", "an unsigned event (no webhook-signature)", now, null),
            ("Wrong signature", "an event signed with a wrong secret", now, wrongSecret),
        };
        if (secret is not null)
        {
            probes.Add(("Stale timestamp", $"a correctly signed event whose webhook-timestamp is {s_staleBy.TotalMinutes:0} minutes old (replay)", now - (long)s_staleBy.TotalSeconds, secret));
        }

        foreach ((string label, string what, long timestamp, string? signingSecret) in probes)
        {
            ProbeResponse response = await SendAsync(context, receiver, timestamp, signingSecret, cancellationToken).ConfigureAwait(false);
            result.Evidence(label, response.Exchange.Summary);
            Judge(result, what, response.StatusCode);
        }

        return new[]
        {
            result.Manual($"The receiver rejected {probes.Count} forged events ({string.Join(", ", probes.ConvertAll(p => p.Label.ToLowerInvariant()))}); whether authentication failures reach your error tracking needs a person: attest the tool and the alert (Attestations, CheckId {CheckId})."),
        };
    }

    private static string? Secret(AuditContext context, ResultBuilder result)
    {
        string? name = context.Configuration.Monitoring.WebhookSecretEnv;
        string? secret = name is null ? null : Environment.GetEnvironmentVariable(name);
        if (name is null)
        {
            result.Warn("Monitoring.WebhookSecretEnv is not set, so the correctly signed event with a stale timestamp (replay) was not sent: name the variable that holds the whsec_ secret.");
            return null;
        }

        if (string.IsNullOrEmpty(secret))
        {
            result.Warn($"The environment variable {name} (Monitoring.WebhookSecretEnv) is empty or not set, so the replay probe (a correctly signed, stale event) was not sent.");
            return null;
        }

        context.Redactor.AddSecret(secret);
        if (!StandardWebhookSignature.IsWellFormed(secret!))
        {
            result.Warn($"The secret in {name} is not whsec_ followed by base64 (Dashboard › Webhooks › signing secret), so the replay probe was not sent.");
            return null;
        }

        result.Evidence("Signing secret", "from " + name + " (not shown)");
        return secret;
    }

    private static void Judge(ResultBuilder result, string what, int status)
    {
        if (status is 400 or 401 or 403)
        {
            return;
        }

        if (status is >= 200 and < 300)
        {
            result.RaiseSeverity(Severity.Critical);
            result.Fail($"The receiver accepted {what} (HTTP {status}): anyone who knows the URL can inject authentication events. Verify the Standard-Webhooks signature and timestamp before acting on an event.");
        }
        else
        {
            result.Fail($"The receiver answered {what} with HTTP {status}, not a rejection (400/401): {(status == 404 ? "is Monitoring.WebhookUrl the receiver's URL?" : status >= 500 ? "it fails instead of refusing; verify the signature first and answer 401." : "answer 400 or 401 to events that fail verification.")}");
        }
    }

    private static Task<ProbeResponse> SendAsync(AuditContext context, Uri receiver, long timestamp, string? signingSecret, CancellationToken cancellationToken)
    {
        string id = "msg_skprobe_" + Hex(RandomBytes(8));
        var body = new JObject
        {
            ["id"] = "evt_skprobe_" + Hex(RandomBytes(8)),
            ["type"] = ProbeEventType,
            ["object"] = "Probe",
            ["occurred_at"] = DateTimeOffset.FromUnixTimeSeconds(timestamp).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["data"] = new JObject
            {
                ["probe"] = $"ScalekitReadiness {CheckId}: a forged event sent to test signature verification. A correct receiver rejects it; do not act on it.",
            },
        }.ToString(Newtonsoft.Json.Formatting.None);
        var request = new ProbeRequest(HttpMethod.Post, receiver) { ContentType = "application/json", Body = body };
        request.WithHeader("webhook-id", id).WithHeader("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        if (signingSecret is not null)
        {
            request.WithHeader("webhook-signature", StandardWebhookSignature.Sign(signingSecret, id, timestamp, body));
        }

        return context.Probe.SendAsync(request, cancellationToken);
    }

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        using var random = RandomNumberGenerator.Create();
        random.GetBytes(bytes);
        return bytes;
    }

    private static string Hex(byte[] bytes) => BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
}
