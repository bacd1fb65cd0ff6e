namespace ScalekitReadiness.Checks.Mcp;

/// <summary>The implemented MCP authorization checks (SK-MCP).</summary>
internal static class McpCheckList
{
    public static Check[] Checks { get; } =
    {
        new ProtectedResourceMetadataCheck(),

        // mcpprobe: the MCP client probe's checks.
        new McpAuthChallengeCheck(),
        new AuthorizationServerMetadataCheck(),
        new McpTokenExchangeCheck(),
        new McpSessionCheck(),
        new McpReconnectCheck(),

        // mcpserver: SK-MCP-030, 050, 070, 090, 021.
        new TokenValidationCheck(),
        new ScopeCheck(),
        new ConsentCheck(),
        new CustomAuthCheck(),
        new ClientRegistrationCheck(),
    };
}
