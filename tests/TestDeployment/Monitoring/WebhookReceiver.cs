using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The app's Scalekit webhook receiver (<c>POST /webhooks/scalekit</c>): verifies Standard-Webhooks signatures the way
/// Scalekit's SDKs do (HMAC-SHA256 of <c>id.timestamp.body</c> keyed with the base64 part of the <c>whsec_</c> secret,
/// any <c>v1,</c> signature of the header, constant-time comparison, 5-minute timestamp tolerance) and answers 401
/// (400 when the headers are missing) to what fails. The faults of <see cref="Faults"/> switch off one step each.
/// </summary>
internal static class WebhookReceiver
{
    public const string Path = "/webhooks/scalekit";
    private const long ToleranceSeconds = 5 * 60;

    public static async Task HandleAsync(HttpContext context, DeploymentState state)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        string id = context.Request.Headers["webhook-id"].ToString();
        string timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        string signatures = context.Request.Headers["webhook-signature"].ToString();

        if (id.Length == 0 || timestamp.Length == 0 || signatures.Length == 0)
        {
            if (!state.Has(Faults.WebhookAcceptsUnsigned))
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, "missing webhook-id, webhook-timestamp or webhook-signature");
                return;
            }
        }
        else
        {
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, "webhook-timestamp is not a Unix time");
                return;
            }

            if (!state.Has(Faults.WebhookIgnoresTimestamp) && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > ToleranceSeconds)
            {
                await RejectAsync(context, StatusCodes.Status401Unauthorized, "webhook-timestamp is outside the tolerance");
                return;
            }

            if (!state.Has(Faults.WebhookAcceptsBadSignature) && !Verifies(state.Monitoring.WebhookSecret, id, timestamp, body, signatures))
            {
                await RejectAsync(context, StatusCodes.Status401Unauthorized, "no signature verifies");
                return;
            }
        }

        await Respond.JsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["received"] = true });
    }

    private static bool Verifies(string secret, string id, string timestamp, string body, string header)
    {
        byte[] key = Convert.FromBase64String(secret["whsec_".Length..]);
        byte[] expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));
        foreach (string candidate in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(candidate[3..]), expected))
                {
                    return true;
                }
            }
            catch (FormatException)
            {
                // A malformed signature verifies nothing; try the next one.
            }
        }

        return false;
    }

    private static Task RejectAsync(HttpContext context, int status, string why) =>
        Respond.JsonAsync(context, status, new JsonObject { ["error"] = "invalid_signature", ["error_description"] = why });
}
