using System;

namespace ScalekitReadiness.Metrics;

/// <summary>
/// One authentication request of Scalekit's auth log (<c>GET /api/v1/logs/authentication/requests</c>, item
/// <c>auditlogsAuthLogRequest</c>), as <c>Get-SkAuthLog</c> streams it and the metrics cmdlets consume it.
/// </summary>
public sealed class AuthLogEntry
{
    /// <summary>Initializes a new instance of the <see cref="AuthLogEntry"/> class.</summary>
    /// <param name="authRequestId">The request id (<c>ar_…</c>).</param>
    /// <param name="timestamp">When it happened (UTC).</param>
    /// <param name="status">INITIATED, PENDING, SUCCESS or FAILED (upper case).</param>
    /// <param name="clientId">The client (application) id.</param>
    public AuthLogEntry(string authRequestId, DateTimeOffset timestamp, string status, string? clientId)
    {
        AuthRequestId = authRequestId;
        Timestamp = timestamp.ToUniversalTime();
        Status = status.ToUpperInvariant();
        ClientId = clientId;
    }

    /// <summary>Gets the auth request id (<c>ar_…</c>).</summary>
    public string AuthRequestId { get; }

    /// <summary>Gets when the request happened, in UTC.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the status: INITIATED (hit /oauth/authorize), PENDING, SUCCESS (code exchanged) or FAILED.</summary>
    public string Status { get; }

    /// <summary>Gets the client (application) id.</summary>
    public string? ClientId { get; }

    /// <summary>Gets the client's display name.</summary>
    public string? ClientName { get; internal set; }

    /// <summary>Gets the client type: ENV, NTV, SPA or M2M.</summary>
    public string? ClientType { get; internal set; }

    /// <summary>Gets the user's email, when a user signed in.</summary>
    public string? Email { get; internal set; }

    /// <summary>Gets the organization id.</summary>
    public string? OrganizationId { get; internal set; }

    /// <summary>Gets the resource id (an MCP server's <c>res_…</c>).</summary>
    public string? ResourceId { get; internal set; }

    /// <summary>Gets the resource's name.</summary>
    public string? ResourceName { get; internal set; }

    /// <summary>Gets the resource type, e.g. <c>mcp</c>.</summary>
    public string? ResourceType { get; internal set; }

    /// <summary>Gets the connection id (SSO or social connection).</summary>
    public string? ConnectionId { get; internal set; }

    /// <summary>Gets the connection type.</summary>
    public string? ConnectionType { get; internal set; }

    /// <summary>Gets the connection provider.</summary>
    public string? ConnectionProvider { get; internal set; }

    /// <summary>Gets the environment id.</summary>
    public string? EnvironmentId { get; internal set; }

    /// <summary>Gets the workflow, e.g. LOGIN, LOGOUT, REFRESH or CLIENT_CREDENTIALS.</summary>
    public string? Workflow { get; internal set; }

    /// <summary>Gets a value indicating whether the request succeeded.</summary>
    public bool IsSuccess => Status == "SUCCESS";

    /// <summary>Gets a value indicating whether the request failed.</summary>
    public bool IsFailure => Status == "FAILED";

    /// <inheritdoc/>
    public override string ToString() => $"{Timestamp:u} {Status} {ClientId} {Email}".TrimEnd();
}
