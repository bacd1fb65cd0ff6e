using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-080: a client whose token expired is told so the way MCP clients understand (401, invalid_token, the
/// metadata URL) and can reconnect with a fresh token, keeping or re-creating its session.
/// </summary>
internal sealed class McpReconnectCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-080";

    public McpReconnectCheck()
        : base(new CheckDefinition(
            CheckId,
            "Clients can reconnect after token expiry",
            CheckSection.McpAuthentication,
            Severity.High,
            Safety.StateChanging,
            "Sends an expired token (the -ExpiredToken given, else an expired copy of a fresh token whose signature no longer matches) on an open session: it must get 401 (not 403, 5xx or a 200 JSON-RPC error) with WWW-Authenticate carrying resource_metadata and error=\"invalid_token\". Then a fresh token (SK-MCP-040) must open the server again, and the old session id must either work with the new token or get 404 so the client re-initializes.",
            "Answer every token failure (expired, bad signature, wrong audience) with 401 and WWW-Authenticate: Bearer error=\"invalid_token\", resource_metadata=\"<PRM URL>\" from the authentication middleware, before the MCP handler sees the request: MCP clients refresh or re-authorize only on that answer. Map JWT library exceptions (e.g. jose's JWTExpired, TokenExpiredError) to 401, never to 500. After a token change, keep serving the session for the same subject or answer 404 so the client starts a new one.",
            new[] { "Mcp.ServerUrl", "Mcp.ClientId", "Mcp.ClientSecretEnv" },
            new[]
            {
                "MCP specification 2025-11-25, Authorization: Error Handling; Transports: Session Management",
                "RFC 6750 §3.1 (invalid_token)",
                "Scalekit: authenticate/mcp/troubleshooting",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) => McpTokenCache.MissingClient(context);

    public string? DefaultTarget(AuditContext context) => context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string serverUrl = context.Configuration.McpServerUrl!;
        var server = new Uri(serverUrl);
        ResultBuilder result = context.StartResult(Definition, serverUrl);
        if (await McpOpening.OpenWithTokenAsync(context, server, result, cancellationToken).ConfigureAwait(false)
            is not (string accessToken, McpClient client, McpEraDetection opened))
        {
            return new[] { result.Build(string.Empty) };
        }

        if (opened.Era == McpEra.Unknown)
        {
            result.Fail($"The MCP server could not be opened with a valid token: {opened.Explanation}.");
            return new[] { result.Build(string.Empty) };
        }

        string? oldSession = client.SessionId;
        string? configured = context.Configuration.Mcp.ExpiredToken;
        string expired = configured ?? ExpiredCopy(accessToken, context.Clock());
        context.Redactor.AddSecret(expired);
        result.Evidence("Expired token", configured is null ? "an expired copy of a fresh token (claims changed, so its signature no longer matches)" : "the expired token given (-ExpiredToken)");
        client.AccessToken = expired;
        McpResponse refused = await client.ListToolsAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("With the expired token", refused.Summary);
        JudgeExpiredAnswer(refused, result);

        McpTokenResult fresh = await McpTokenCache.MintAsync(context, result, cancellationToken).ConfigureAwait(false);
        if (!fresh.Succeeded)
        {
            result.Fail("A fresh token could not be obtained after expiry: " + fresh.Problem);
            return new[] { result.Build(string.Empty) };
        }

        var reconnected = new McpClient(context.Probe, server, fresh.AccessToken);
        McpEraDetection reopened = await reconnected.OpenAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("Fresh connection", reopened.Opening.Summary);
        if (reopened.Era == McpEra.Unknown)
        {
            result.Fail($"A fresh token did not open the MCP server again: {reopened.Explanation}.");
        }

        string sessionOutcome = "no session to keep";
        if (oldSession is not null)
        {
            client.AccessToken = fresh.AccessToken;
            McpResponse resumed = await client.ListToolsAsync(cancellationToken).ConfigureAwait(false);
            result.Evidence("Old session with the fresh token", resumed.Summary);
            sessionOutcome = resumed.IsSuccess ? "the old session continues" : "the old session gets 404";
            if (!resumed.IsSuccess && resumed.StatusCode != 404)
            {
                result.Fail($"The old session id with the fresh token was answered {resumed.StatusCode}: it must keep working or get 404 so the client re-initializes; anything else strands the client.");
            }
        }

        return new[] { result.Build($"An expired token gets 401 invalid_token with resource_metadata; a fresh token reconnects ({sessionOutcome}).") };
    }

    private static void JudgeExpiredAnswer(McpResponse refused, ResultBuilder result)
    {
        if (refused.StatusCode != 401)
        {
            result.Fail(refused.StatusCode switch
            {
                403 => "An expired token was answered 403: clients treat 403 as missing scope and do not refresh the token.",
                >= 500 => $"An expired token was answered {refused.StatusCode}: clients see a server failure and do not re-authorize (map token errors to 401).",
                >= 200 and < 300 when refused.Result is not null => $"An expired token was accepted ({refused.StatusCode} with a result): the server does not check expiry.",
                >= 200 and < 300 => $"An expired token was answered {refused.StatusCode} with a JSON-RPC error: clients only re-authorize on HTTP 401.",
                _ => $"An expired token was answered {refused.StatusCode}, not 401.",
            });
            return;
        }

        AuthChallenge? bearer = refused.BearerChallenge;
        result.Evidence("Expired-token challenge", string.Join(" | ", refused.Http.HeaderValues("WWW-Authenticate")));
        if (bearer is null)
        {
            result.Fail("The 401 for an expired token has no Bearer challenge: clients cannot tell how to get a new token.");
            return;
        }

        if (string.IsNullOrEmpty(bearer["resource_metadata"]))
        {
            result.Fail("The 401 for an expired token has no resource_metadata: clients cannot rediscover the authorization server to reconnect.");
        }

        if (!string.Equals(bearer["error"], "invalid_token", StringComparison.Ordinal))
        {
            result.Fail($"The 401 for an expired token says error=\"{bearer["error"] ?? "(absent)"}\", not error=\"invalid_token\" (RFC 6750 §3.1): clients cannot tell a stale token from a missing one.");
        }
    }

    /// <summary>The token with exp, iat and nbf an hour in the past; the signature stays, so it no longer matches.</summary>
    internal static string ExpiredCopy(string accessToken, DateTimeOffset now)
    {
        string[] parts = accessToken.Split('.');
        if (parts.Length != 3)
        {
            return accessToken + ".expired";
        }

        JObject payload;
        try
        {
            payload = JObject.Parse(Encoding.UTF8.GetString(Base64UrlDecode(parts[1])));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return accessToken + ".expired";
        }

        long expiredAt = now.ToUnixTimeSeconds() - 3600;
        payload["exp"] = expiredAt;
        payload["iat"] = expiredAt - 300;
        payload["nbf"] = expiredAt - 300;
        return parts[0] + "." + Base64UrlEncode(Encoding.UTF8.GetBytes(payload.ToString(Formatting.None))) + "." + parts[2];
    }

    private static byte[] Base64UrlDecode(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
