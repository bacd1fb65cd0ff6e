namespace ScalekitReadiness.TestDeployment;

/// <summary>Faults of the resource's authorization server metadata (SK-MCP-020) and of MCP tokens (SK-MCP-040).</summary>
public static partial class Faults
{
    // SK-MCP-020: the resource-scoped authorization server metadata.

    /// <summary>The resource metadata's issuer is the environment root, not the resource issuer the PRM names.</summary>
    public const string AsMetadataIssuerMismatch = "as-metadata-issuer-mismatch";

    /// <summary>The resource metadata omits code_challenge_methods_supported.</summary>
    public const string AsMetadataNoS256 = "as-metadata-no-s256";

    /// <summary>The resource metadata's token_endpoint is plain http.</summary>
    public const string AsMetadataHttpEndpoint = "as-metadata-http-endpoint";

    /// <summary>The resource metadata's response_types_supported lacks code.</summary>
    public const string AsMetadataNoCodeResponseType = "as-metadata-no-code-response-type";

    /// <summary>The resource metadata's grant_types_supported lacks authorization_code.</summary>
    public const string AsMetadataNoAuthorizationCodeGrant = "as-metadata-no-authorization-code-grant";

    /// <summary>The resource metadata offers neither registration_endpoint nor CIMD (a Warning).</summary>
    public const string AsMetadataNoRegistration = "as-metadata-no-registration";

    /// <summary>The resource metadata's jwks_uri answers 404.</summary>
    public const string AsMetadataJwksUnreachable = "as-metadata-jwks-unreachable";

    /// <summary>Only Scalekit's appended form of the resource metadata URL answers (a Warning).</summary>
    public const string AsMetadataAppendedOnly = "as-metadata-appended-only";

    // SK-MCP-040: the token an MCP M2M client gets for the MCP server.

    /// <summary>The MCP token response lacks Cache-Control: no-store.</summary>
    public const string McpTokenCacheable = "mcp-token-cacheable";

    /// <summary>The MCP token's aud names neither the resource id nor the server URL.</summary>
    public const string McpTokenWrongAudience = "mcp-token-wrong-audience";

    /// <summary>The MCP token's iss is a foreign issuer.</summary>
    public const string McpTokenForeignIssuer = "mcp-token-foreign-issuer";

    /// <summary>The MCP token's iss is the resource issuer (a passing case: Scalekit's migration).</summary>
    public const string McpTokenResourceIssuer = "mcp-token-resource-issuer";

    /// <summary>The MCP token carries scopes as a scopes array (a passing case).</summary>
    public const string McpTokenScopesArray = "mcp-token-scopes-array";

    /// <summary>The MCP token carries no scope claim.</summary>
    public const string McpTokenNoScope = "mcp-token-no-scope";

    /// <summary>The MCP token lives two hours (policy default: one).</summary>
    public const string McpTokenLongLifetime = "mcp-token-long-lifetime";

    /// <summary>The MCP token is signed by a key that is not in the JWKS (same kid).</summary>
    public const string McpTokenBadSignature = "mcp-token-bad-signature";

    /// <summary>The MCP token is an opaque string, not a JWT.</summary>
    public const string McpTokenOpaque = "mcp-token-opaque";
}
