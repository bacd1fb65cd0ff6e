using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The MCP server's shared state: its registered clients, its open sessions and its call log.</summary>
internal sealed class McpServerState
{
    /// <summary>The environment's other MCP server (a token for it has the wrong audience here).</summary>
    public const string OtherResourceId = "res_other456";

    /// <summary>The other MCP server's path on the app listener (nothing is served there).</summary>
    public const string OtherResourcePath = "/other-mcp";

    private readonly object _gate = new();
    private readonly List<McpCall> _calls = [];
    private readonly List<string> _authentications = [];
    private int _sequence;
    private int _tokensIssued;

    public McpClients Clients { get; } = new();

    /// <summary>The tools and resources, and the to-do items they work on.</summary>
    public McpCatalog Catalog { get; } = new();

    /// <summary>Open sessions (session era) by id.</summary>
    public ConcurrentDictionary<string, McpSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Pending bring-your-own-auth login requests (lri_…) and their state.</summary>
    public ConcurrentDictionary<string, string> LoginRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>How many access tokens the environment issued to the MCP clients.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public int NextSequence() => Interlocked.Increment(ref _sequence);

    public void CountIssuedToken() => Interlocked.Increment(ref _tokensIssued);

    /// <summary>Records what the MCP server made of a request's token (Missing, Valid, Expired, Invalid).</summary>
    public void RecordAuthentication(string outcome)
    {
        lock (_gate)
        {
            _authentications.Add(outcome);
        }
    }

    public IReadOnlyList<string> Authentications()
    {
        lock (_gate)
        {
            return _authentications.ToArray();
        }
    }

    public void Record(McpCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

    public IReadOnlyList<McpCall> Calls()
    {
        lock (_gate)
        {
            return _calls.ToArray();
        }
    }
}

/// <summary>A session-era MCP session, bound to the client that opened it.</summary>
internal sealed class McpSession
{
    public McpSession(string? clientId, IReadOnlyCollection<string> scopes, string protocolVersion)
    {
        ClientId = clientId;
        Scopes = scopes;
        ProtocolVersion = protocolVersion;
    }

    /// <summary>The client whose token opened the session (null on an open server).</summary>
    public string? ClientId { get; }

    /// <summary>The scopes of the token that opened the session.</summary>
    public IReadOnlyCollection<string> Scopes { get; }

    public string ProtocolVersion { get; }

    /// <summary>Whether a request on this session came with an expired token.</summary>
    public bool SawExpiredToken { get; set; }
}

/// <summary>One tools/call or resources/read the MCP server received with a valid token (or none on an open server).</summary>
public sealed class McpCall
{
    internal McpCall(DateTimeOffset receivedAtUtc, string method, string name, string? clientId, bool executed)
    {
        ReceivedAtUtc = receivedAtUtc;
        Method = method;
        Name = name;
        ClientId = clientId;
        Executed = executed;
    }

    public DateTimeOffset ReceivedAtUtc { get; }

    /// <summary>tools/call or resources/read.</summary>
    public string Method { get; }

    /// <summary>The tool name or the resource URI.</summary>
    public string Name { get; }

    /// <summary>The token's client_id, or null when the request had no token (open server, session without token).</summary>
    public string? ClientId { get; }

    /// <summary>Whether the tool ran (or the resource was read); false when it was refused (insufficient scope, unknown name).</summary>
    public bool Executed { get; }

    public override string ToString() => $"{Method} {Name} by {ClientId ?? "(no token)"}{(Executed ? string.Empty : " (refused)")}";
}
