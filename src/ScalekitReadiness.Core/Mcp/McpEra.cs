namespace ScalekitReadiness.Mcp;

/// <summary>Which generation of the Streamable HTTP transport an MCP server speaks.</summary>
internal enum McpEra
{
    /// <summary>Not detected (yet), e.g. because every request was refused with 401.</summary>
    Unknown,

    /// <summary>2025-03-26 … 2025-11-25: an <c>initialize</c> handshake, optional <c>Mcp-Session-Id</c> sessions.</summary>
    Session,

    /// <summary>2026-07-28 and later: no handshake, no sessions, per-request <c>_meta</c> and <c>Mcp-Method</c>/<c>Mcp-Name</c> headers.</summary>
    Modern,
}
