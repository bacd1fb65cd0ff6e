namespace ScalekitReadiness.Checks.Mcp;

/// <summary>The implemented MCP authorization checks (SK-MCP).</summary>
internal static class McpCheckList
{
    public static Check[] Checks { get; } =
    {
        new ProtectedResourceMetadataCheck(),

        // mcpserver: SK-MCP-030, 050, 070, 090, 021.
        new TokenValidationCheck(),
        new ScopeCheck(),
    };
}
