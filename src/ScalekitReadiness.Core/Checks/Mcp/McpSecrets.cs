using System;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>The MCP clients' secrets and the foreign-audience token: from parameters, else from the variables the configuration names.</summary>
internal static class McpSecrets
{
    /// <summary>Reads environment variables; tests replace it.</summary>
    internal static Func<string, string?> GetVariable { get; set; } = Environment.GetEnvironmentVariable;

    public static string? ClientSecret(McpSettings mcp) => mcp.ClientSecret ?? Variable(mcp.ClientSecretEnv);

    public static string? LimitedClientSecret(McpSettings mcp) => mcp.LimitedClientSecret ?? Variable(mcp.LimitedClientSecretEnv);

    public static string? ForeignAudienceToken(McpSettings mcp) => mcp.ForeignAudienceToken ?? Variable(mcp.ForeignAudienceTokenEnv);

    private static string? Variable(string? name) =>
        name is null ? null : GetVariable(name) is { Length: > 0 } value ? value : null;
}
