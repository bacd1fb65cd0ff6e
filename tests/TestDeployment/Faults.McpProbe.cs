namespace ScalekitReadiness.TestDeployment;

/// <summary>Faults of MCP access tokens that only the token exchange (SK-MCP-040) sees; the rest are in Faults.Mcp.cs.</summary>
public static partial class Faults
{
    /// <summary>MCP access tokens carry a foreign iss (neither the environment nor its resource issuer).</summary>
    public const string McpTokenForeignIssuer = "mcp-token-foreign-issuer";

    /// <summary>MCP access tokens are signed by a key that is not in the JWKS (under the real kid).</summary>
    public const string McpTokenBadSignature = "mcp-token-bad-signature";

    /// <summary>MCP access tokens are opaque strings, not JWTs.</summary>
    public const string McpTokenOpaque = "mcp-token-opaque";
}
