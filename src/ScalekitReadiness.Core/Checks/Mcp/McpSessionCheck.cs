using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-060: sessions never stand in for authentication and cannot be guessed or revived (session era), and a
/// 2026-07-28 server keeps no sessions at all.
/// </summary>
internal sealed class McpSessionCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-060";

    /// <summary>The least entropy a session id must carry.</summary>
    internal const int MinEntropyBits = 128;

    public McpSessionCheck()
        : base(new CheckDefinition(
            CheckId,
            "MCP sessions are managed safely",
            CheckSection.McpAuthentication,
            Severity.High,
            Safety.StateChanging,
            "Detects the protocol era (server/discover first, then initialize). Session era: an issued Mcp-Session-Id is visible ASCII with at least 128 bits of entropy across two sessions; a made-up session id gets 404; a valid session id without the bearer token gets 401; DELETE ends the session (2xx or 405) and the ended id then gets 404. Modern era (2026-07-28): no session id is minted and GET/DELETE get 405.",
            "Authenticate every request, with or without a session id (MCP security best practices: sessions must not be used for authentication). Mint session ids from a CSPRNG (at least 16 random bytes, e.g. base64url of 32), bind them to the token's subject, answer unknown or ended ids with 404 so clients re-initialize, and end a session on DELETE. On 2026-07-28 servers, drop sessions entirely and answer GET and DELETE with 405.",
            new[] { "Mcp.ServerUrl", "Mcp.ClientId", "Mcp.ClientSecretEnv" },
            new[]
            {
                "MCP specification 2025-11-25, Transports: Session Management",
                "MCP Security Best Practices: Session Hijacking",
                "MCP specification 2026-07-28, Streamable HTTP: Backward Compatibility",
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
            is not (string accessToken, McpClient first, McpEraDetection opened))
        {
            return new[] { result.Build(string.Empty) };
        }

        result.Evidence("Opened", opened.Opening.Summary);
        switch (opened.Era)
        {
            case McpEra.Modern:
                // A dual-era server also answers initialize; its session era must then be safe too, and GET/DELETE belong to it.
                var legacy = new McpClient(context.Probe, server, accessToken);
                McpResponse initialize = await legacy.InitializeAsync(cancellationToken).ConfigureAwait(false);
                result.Evidence("initialize", initialize.Summary);
                bool dualEra = initialize.HasResult;
                await JudgeModernAsync(first, opened, dualEra, result, cancellationToken).ConfigureAwait(false);
                if (!dualEra)
                {
                    return new[] { result.Build("The 2026-07-28 server keeps no sessions: no session id is minted, GET and DELETE get 405.") };
                }

                await legacy.NotifyInitializedAsync(cancellationToken).ConfigureAwait(false);
                string sessions = await JudgeSessionEraAsync(context, server, accessToken, legacy, result, cancellationToken).ConfigureAwait(false);
                return new[] { result.Build("Dual-era server: modern requests mint no session. " + sessions) };
            case McpEra.Session:
                string message = await JudgeSessionEraAsync(context, server, accessToken, first, result, cancellationToken).ConfigureAwait(false);
                return new[] { result.Build(message) };
            default:
                result.Fail($"The MCP server could not be opened with a valid token: {opened.Explanation}.");
                return new[] { result.Build(string.Empty) };
        }
    }

    private static async Task JudgeModernAsync(McpClient client, McpEraDetection opened, bool dualEra, ResultBuilder result, CancellationToken cancellationToken)
    {
        McpResponse list = await client.ListToolsAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("tools/list", list.Summary);
        string? minted = opened.Discover.SessionId ?? list.SessionId;
        if (minted is not null)
        {
            result.Fail($"The 2026-07-28 server minted a session id (Mcp-Session-Id: {minted}); the modern transport has no sessions, and clients will not echo it.");
        }

        if (dualEra)
        {
            return; // GET and DELETE serve its session-era clients
        }

        foreach (McpResponse response in new[] { await client.GetAsync(cancellationToken).ConfigureAwait(false), await client.DeleteAsync(cancellationToken).ConfigureAwait(false) })
        {
            result.Evidence(response.Method, response.Summary);
            if (response.StatusCode != 405)
            {
                result.Fail($"{response.Method} on the 2026-07-28 endpoint was answered {response.StatusCode}, not 405 Method Not Allowed.");
            }
        }
    }

    private static async Task<string> JudgeSessionEraAsync(AuditContext context, Uri server, string accessToken, McpClient first, ResultBuilder result, CancellationToken cancellationToken)
    {
        string? id = first.SessionId;
        if (id is null)
        {
            result.Evidence("Mcp-Session-Id", "(none issued: a stateless session-era server)");
            return "The server issues no session ids (stateless), so no session can stand in for a token.";
        }

        result.Evidence("Negotiated version", first.ProtocolVersion ?? "(none)");
        var second = new McpClient(context.Probe, server, accessToken);
        await second.InitializeAsync(cancellationToken).ConfigureAwait(false);
        JudgeSessionIds(id, second.SessionId, result);

        // A made-up id, with a valid token.
        var madeUp = new McpClient(context.Probe, server, accessToken) { SessionId = MadeUpSessionId(), ProtocolVersion = first.ProtocolVersion };
        McpResponse unknown = await madeUp.ListToolsAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("Made-up session id", unknown.Summary);
        if (unknown.StatusCode != 404)
        {
            result.Fail(unknown.IsSuccess
                ? $"A made-up session id was served ({unknown.StatusCode}): the server does not know its own sessions, so an ended or foreign session id keeps working."
                : $"A made-up session id was answered {unknown.StatusCode}, not 404: clients start a new session only on 404.");
        }

        // The real id, without the token.
        var tokenless = new McpClient(context.Probe, server) { SessionId = id, ProtocolVersion = first.ProtocolVersion };
        McpResponse withoutToken = await tokenless.ListToolsAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("Session id without token", withoutToken.Summary);
        if (withoutToken.StatusCode != 401)
        {
            result.Fail(withoutToken.IsSuccess
                ? $"A valid session id WITHOUT a bearer token was served ({withoutToken.StatusCode}): whoever learns a session id acts as its client (session hijacking)."
                : $"A valid session id without a bearer token was answered {withoutToken.StatusCode}, not 401 with a challenge.");
        }

        McpResponse delete = await first.DeleteAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("DELETE", delete.Summary);
        if (delete.StatusCode == 405)
        {
            return "Sessions need the token, unknown ids get 404, ids are random; the server does not let clients end sessions (405).";
        }

        if (!delete.IsSuccess)
        {
            result.Fail($"DELETE of the session was answered {delete.StatusCode}; it must end the session (2xx) or be refused with 405.");
            return string.Empty;
        }

        McpResponse ended = await first.ListToolsAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("Ended session id", ended.Summary);

        // A server that serves any made-up id serves an ended one too: that is the made-up-id finding, not a second one.
        if (ended.StatusCode != 404 && !unknown.IsSuccess)
        {
            result.Fail($"After DELETE answered {delete.StatusCode}, the ended session id was answered {ended.StatusCode}, not 404: the session was not ended.");
        }

        return "Sessions need the token, unknown and ended ids get 404, ids are random, DELETE ends the session.";
    }

    private static void JudgeSessionIds(string first, string? second, ResultBuilder result)
    {
        result.Evidence("Mcp-Session-Id", first.Length.ToString(CultureInfo.InvariantCulture) + " characters" + (second is null ? string.Empty : "; a second session got another " + second.Length.ToString(CultureInfo.InvariantCulture)));
        if (first.Any(c => c < 0x21 || c > 0x7E))
        {
            result.Fail("The session id contains characters outside visible ASCII (0x21-0x7E), which the transport forbids.");
        }

        if (second is null)
        {
            result.Fail("A second initialize got no session id although the first did.");
            return;
        }

        if (string.Equals(first, second, StringComparison.Ordinal))
        {
            result.Fail("Two sessions got the same session id: ids are not random.");
            return;
        }

        int bits = Math.Min(EstimateBits(first, second), EstimateBits(second, first));
        result.Evidence("Session id entropy", "about " + bits.ToString(CultureInfo.InvariantCulture) + " bits (estimated from the alphabet and the part that differs between two sessions)");
        if (bits < MinEntropyBits && bits >= 122 && IsUuid(first) && IsUuid(second))
        {
            result.Warn($"Session ids are version 4 UUIDs: {bits} random bits, just under the {MinEntropyBits} the audit asks for. Prefer 32 random bytes (base64url).");
        }
        else if (bits < MinEntropyBits)
        {
            result.Fail($"Session ids carry about {bits} bits of entropy (fewer than {MinEntropyBits}), e.g. two sessions got '{Shorten(first)}' and '{Shorten(second)}': they can be guessed.");
        }
    }

    /// <summary>Bits per character of the id's alphabet times the characters after the prefix it shares with another id.</summary>
    internal static int EstimateBits(string id, string other)
    {
        int prefix = 0;
        while (prefix < id.Length && prefix < other.Length && id[prefix] == other[prefix])
        {
            prefix++;
        }

        bool uuid = IsUuid(id);

        // A UUID's dashes are layout; in other ids '-' is an alphabet character (base64url).
        string varying = new string(id.Substring(prefix).Where(c => !uuid || c != '-').ToArray());
        double perChar = varying.All(Uri.IsHexDigit) ? 4
            : varying.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-') ? 6
            : Math.Log(94, 2);
        int bits = (int)Math.Floor(varying.Length * perChar);

        // A version 4 UUID fixes 6 of its 128 bits.
        return uuid ? Math.Min(bits, 122) : bits;
    }

    private static bool IsUuid(string id) => Guid.TryParseExact(id, "D", out _);

    private static string MadeUpSessionId()
    {
        byte[] bytes = new byte[16];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(bytes);
        }

        return "skr-" + BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
    }

    private static string Shorten(string id) => id.Length <= 24 ? id : id.Substring(0, 24) + "…";
}
