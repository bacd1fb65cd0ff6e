namespace ScalekitReadiness.TestDeployment;

/// <summary>The MCP server's, its authorization server's and its consent page's fault switches (SK-MCP).</summary>
public static partial class Faults
{
    // Shapes of a healthy deployment (passing cases): they change how the deployment works, not whether it is sound.

    /// <summary>The MCP server speaks only protocol revision 2026-07-28 (no initialize, no sessions, server/discover).</summary>
    public const string McpModernEra = "mcp-modern-era";

    /// <summary>The MCP server answers every JSON-RPC request with an SSE stream (text/event-stream), never plain JSON.</summary>
    public const string McpSseAlways = "mcp-sse-always";

    /// <summary>MCP access tokens carry the resource-scoped issuer (&lt;env&gt;/resources/&lt;res&gt;) instead of the environment root.</summary>
    public const string McpTokenResourceIssuer = "mcp-token-resource-issuer";

    /// <summary>The MCP server uses bring-your-own-auth: its authorization requests go to the app's custom login endpoint.</summary>
    public const string McpCustomAuth = "mcp-custom-auth";

    // SK-MCP-001: the unauthenticated challenge.

    /// <summary>The MCP server requires no token at all: every request is served (an open server).</summary>
    public const string McpOpen = "mcp-open";

    /// <summary>The 401 challenge carries no resource_metadata (the PRM is still at its well-known URLs).</summary>
    public const string McpChallengeNoResourceMetadata = "mcp-challenge-no-resource-metadata";

    /// <summary>The 401 challenge's resource_metadata is a relative URL.</summary>
    public const string McpChallengeRelativeResourceMetadata = "mcp-challenge-relative-resource-metadata";

    /// <summary>The 401 answer carries no WWW-Authenticate header at all.</summary>
    public const string McpChallengeMissing = "mcp-challenge-missing";

    /// <summary>A GET to the MCP endpoint without a token opens an SSE stream (200) instead of 401/405.</summary>
    public const string McpGetOpen = "mcp-get-open";

    // SK-MCP-020: the resource-scoped authorization server metadata.

    /// <summary>The AS metadata has no code_challenge_methods_supported (S256 missing).</summary>
    public const string AsMetadataNoS256 = "as-metadata-no-s256";

    /// <summary>The AS metadata's issuer is the environment root, not the resource-scoped issuer the PRM names.</summary>
    public const string AsMetadataIssuerMismatch = "as-metadata-issuer-mismatch";

    /// <summary>The AS metadata's token_endpoint uses http://.</summary>
    public const string AsMetadataHttpEndpoint = "as-metadata-http-endpoint";

    /// <summary>The AS metadata's response_types_supported lacks "code".</summary>
    public const string AsMetadataNoCodeResponse = "as-metadata-no-code-response";

    /// <summary>The AS metadata's grant_types_supported lacks authorization_code.</summary>
    public const string AsMetadataNoAuthorizationCodeGrant = "as-metadata-no-authorization-code-grant";

    /// <summary>The AS metadata offers neither registration_endpoint nor client_id_metadata_document_supported.</summary>
    public const string AsMetadataNoRegistration = "as-metadata-no-registration";

    /// <summary>The AS metadata's jwks_uri answers 404.</summary>
    public const string AsMetadataJwksUnreachable = "as-metadata-jwks-unreachable";

    /// <summary>The RFC 8414 inserted form (/.well-known/oauth-authorization-server/resources/&lt;res&gt;) answers 404; the appended form still answers (a passing case).</summary>
    public const string AsMetadataAppendedOnly = "as-metadata-appended-only";

    // SK-MCP-021: dynamic client registration.

    /// <summary>The registration endpoint accepts a foreign, non-https redirect URI.</summary>
    public const string DcrAcceptsForeignRedirect = "dcr-accepts-foreign-redirect";

    // SK-MCP-030: the consent page.

    /// <summary>The consent page sends neither X-Frame-Options nor a CSP frame-ancestors directive.</summary>
    public const string ConsentFrameable = "consent-frameable";

    /// <summary>The consent page sends Cross-Origin-Opener-Policy: same-origin.</summary>
    public const string ConsentCoopSameOrigin = "consent-coop-same-origin";

    /// <summary>The authorization request redirects to a consent page on another host (not the environment's domain).</summary>
    public const string ConsentForeignHost = "consent-foreign-host";

    /// <summary>The authorization request redirects to a consent page over plain http.</summary>
    public const string ConsentHttp = "consent-http";

    /// <summary>The authorization request as an MCP client sends it is refused (400 invalid_target for the resource parameter).</summary>
    public const string ConsentAuthorizeRejects = "consent-authorize-rejects";

    // SK-MCP-040: the token exchange for MCP connections.

    /// <summary>client_credentials ignores resource: the token's aud is only the client id.</summary>
    public const string McpTokenIgnoresResource = "mcp-token-ignores-resource";

    /// <summary>MCP access tokens carry no scope claim (neither scope nor scopes).</summary>
    public const string McpTokenNoScopeClaim = "mcp-token-no-scope-claim";

    /// <summary>MCP access tokens are carried as a scopes array (Scalekit M2M form) instead of a scope string (a passing case).</summary>
    public const string McpTokenScopesArray = "mcp-token-scopes-array";

    /// <summary>MCP access tokens live 24 hours.</summary>
    public const string McpTokenLongLifetime = "mcp-token-long-lifetime";

    /// <summary>The token response for MCP clients has no Cache-Control: no-store.</summary>
    public const string McpTokenCacheable = "mcp-token-cacheable";

    // SK-MCP-050: forged and misdirected tokens.

    /// <summary>The MCP server accepts an unsigned token (alg: none).</summary>
    public const string McpAcceptsAlgNone = "mcp-accepts-alg-none";

    /// <summary>The MCP server does not verify RS256 signatures when the kid is known (a token signed by any key passes).</summary>
    public const string McpAcceptsWrongKey = "mcp-accepts-wrong-key";

    /// <summary>The MCP server verifies HS256 tokens with the public key's PEM as the HMAC secret (key confusion).</summary>
    public const string McpAcceptsHs256PublicKey = "mcp-accepts-hs256-public-key";

    /// <summary>The MCP server does not check exp.</summary>
    public const string McpAcceptsExpired = "mcp-accepts-expired";

    /// <summary>The MCP server does not check aud.</summary>
    public const string McpAcceptsWrongAudience = "mcp-accepts-wrong-audience";

    /// <summary>The MCP server takes the token from the access_token query parameter.</summary>
    public const string McpAcceptsQueryToken = "mcp-accepts-query-token";

    /// <summary>The MCP server does not check iss (a token from another issuer with a good signature passes).</summary>
    public const string McpAcceptsWrongIssuer = "mcp-accepts-wrong-issuer";

    // SK-MCP-060: sessions.

    /// <summary>A valid session id is served without any bearer token (the session stands in for auth).</summary>
    public const string McpSessionWithoutToken = "mcp-session-without-token";

    /// <summary>A made-up session id is served as if it were a session.</summary>
    public const string McpSessionMadeUpAccepted = "mcp-session-made-up-accepted";

    /// <summary>Session ids are sequential (sess-1, sess-2, ...): guessable, far below 128 bits of entropy.</summary>
    public const string McpSessionPredictable = "mcp-session-predictable";

    /// <summary>DELETE answers 204 but the session keeps working.</summary>
    public const string McpSessionDeleteIgnored = "mcp-session-delete-ignored";

    /// <summary>The modern-era server mints an Mcp-Session-Id anyway.</summary>
    public const string McpModernMintsSession = "mcp-modern-mints-session";

    /// <summary>The modern-era server answers GET with 200 instead of 405.</summary>
    public const string McpModernGetAllowed = "mcp-modern-get-allowed";

    // SK-MCP-070: bring-your-own-auth (custom login endpoint on the app).

    /// <summary>The custom login endpoint accepts a made-up login_request_id and sends the user back to the environment.</summary>
    public const string CustomLoginAcceptsMadeUp = "custom-login-accepts-made-up";

    /// <summary>The custom login endpoint answers a made-up login_request_id with 500.</summary>
    public const string CustomLoginMadeUp500 = "custom-login-made-up-500";

    /// <summary>The custom login endpoint sets a session cookie for a made-up login_request_id (and then refuses).</summary>
    public const string CustomLoginMadeUpSession = "custom-login-made-up-session";

    /// <summary>The custom login endpoint sends the user back to the environment with a different state.</summary>
    public const string CustomLoginDropsState = "custom-login-drops-state";

    // SK-MCP-080: reconnecting after expiry.

    /// <summary>An expired token is answered 500 instead of 401.</summary>
    public const string McpExpired500 = "mcp-expired-500";

    /// <summary>An expired token is answered 200 with a JSON-RPC error instead of 401.</summary>
    public const string McpExpiredJsonRpcError = "mcp-expired-jsonrpc-error";

    /// <summary>The 401 for an invalid or expired token carries no error="invalid_token".</summary>
    public const string McpInvalidTokenNoError = "mcp-invalid-token-no-error";

    /// <summary>A session whose token expired answers 400 to the fresh token (neither accepted nor 404).</summary>
    public const string McpSessionStuckAfterExpiry = "mcp-session-stuck-after-expiry";

    // SK-MCP-090: scopes per tool and resource.

    /// <summary>Tools run without their required scope.</summary>
    public const string McpToolRunsWithoutScope = "mcp-tool-runs-without-scope";

    /// <summary>Resources are read without their required scope.</summary>
    public const string McpResourceReadWithoutScope = "mcp-resource-read-without-scope";

    /// <summary>Insufficient scope is answered 401 (clients loop re-authorizing) instead of 403.</summary>
    public const string McpInsufficientScope401 = "mcp-insufficient-scope-401";

    /// <summary>Insufficient scope is answered 403 with a JSON body and no WWW-Authenticate header (clients cannot step up).</summary>
    public const string McpInsufficientScopeNoChallenge = "mcp-insufficient-scope-no-challenge";

    /// <summary>tools/list also lists an extra tool, todo.export, that needs todo:admin (not in the PRM scopes_supported).</summary>
    public const string McpExtraTool = "mcp-extra-tool";
}
