using System;
using System.Collections.Generic;
using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-040: the configured MCP M2M client gets a token for the MCP server (client_credentials with
/// <c>resource</c>) that is a signed JWT bound to the resource, from the expected issuer, with scopes and a lifetime
/// within policy, and the token opens the MCP server.
/// </summary>
internal sealed class McpTokenExchangeCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-040";

    public McpTokenExchangeCheck()
        : base(new CheckDefinition(
            CheckId,
            "Token exchange for MCP connections works",
            CheckSection.McpAuthentication,
            Severity.Critical,
            Safety.StateChanging,
            "Requests a token with client_credentials and resource=<server URL> at the resource's token endpoint (only when it is on the configured environment): 200, Cache-Control: no-store, a JWT whose aud contains the resource id (res_…) and/or the server URL, whose iss is the environment or <env>/resources/<res_id> (reported), whose signature verifies against the JWKS, whose lifetime is within policy and which carries a scope claim (scope string or scopes array, reported). Then the token must open the MCP server (server/discover or initialize → 200).",
            "Pre-register an M2M client for the MCP server (Dashboard › MCP Servers › Clients, no redirect URI) and grant it the server's scopes. Request tokens with resource=<MCP server URL> so that aud names the server; set the server's access token lifetime to at most Policy.MaxAccessTokenLifetimeSeconds. On the MCP server, accept the environment issuer and the resource issuer (https://<env>/resources/<res_id>), bind to the res_… audience, and read scopes from either scope or scopes.",
            new[] { "Mcp.ServerUrl", "Mcp.ClientId", "Mcp.ClientSecretEnv" },
            new[]
            {
                "RFC 6749 §4.4 (client credentials), RFC 8707 (resource indicators), RFC 9068 (JWT access tokens)",
                "MCP specification 2025-11-25, Authorization: Resource Parameter Implementation, Access Token Usage",
                "Scalekit: authenticate/mcp/topologies/agent-mcp, authenticate/mcp/quickstart (Advanced settings)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.McpServerUrl is null ? "Mcp.ServerUrl"
        : context.Configuration.Mcp.ClientId is null ? "Mcp.ClientId"
        : context.Configuration.Mcp.ClientSecret is null ? "Mcp.ClientSecretEnv"
        : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string serverUrl = context.Configuration.McpServerUrl!;
        var server = new Uri(serverUrl);
        ResultBuilder result = context.StartResult(Definition, serverUrl);
        (Uri? tokenEndpoint, Uri? jwksUri, string source, string? scope) = await McpDiscovery.FindTokenEndpointAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        if (tokenEndpoint is null)
        {
            result.Fail("No token endpoint is known: the protected resource metadata names no usable authorization server and Environment.Url is not configured.");
            return new[] { result.Build(string.Empty) };
        }

        result.Evidence("Token endpoint", tokenEndpoint.GetLeftPart(UriPartial.Path) + " (from " + source + ")");
        result.Evidence("Requested scope", scope ?? "(none: the protected resource metadata lists no scopes_supported)");
        McpTokenResult token = await McpTokenClient.RequestAsync(
            context.Probe, tokenEndpoint, context.Configuration.Mcp.ClientId!, context.Configuration.Mcp.ClientSecret!, serverUrl, scope, cancellationToken).ConfigureAwait(false);
        if (token.Response is null)
        {
            result.Fail(token.Problem + " An authorization server on another host must never receive the MCP client's credentials.");
            return new[] { result.Build(string.Empty) };
        }

        result.Evidence("Token request", token.Response.Exchange.Summary);
        if (!token.Succeeded)
        {
            result.Fail($"client_credentials with resource={serverUrl} failed: {token.Problem}");
            return new[] { result.Build(string.Empty) };
        }

        context.McpTokens.Store(token);
        JudgeResponse(token, result);
        await JudgeTokenAsync(context, token.AccessToken!, jwksUri, result, cancellationToken).ConfigureAwait(false);

        var client = new McpClient(context.Probe, server, token.AccessToken);
        McpEraDetection opened = await client.DetectEraAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("server/discover", opened.Discover.Summary);
        if (opened.Initialize is not null)
        {
            result.Evidence("initialize", opened.Initialize.Summary);
        }

        result.Evidence("Protocol era", opened.Era + ": " + opened.Explanation);
        if (opened.Era == McpEra.Unknown)
        {
            McpResponse refused = opened.Initialize ?? opened.Discover;
            result.Fail($"The minted token does not open the MCP server: {opened.Explanation}" + (refused.BearerChallenge?["error_description"] is string why ? $" (\"{why}\")" : string.Empty) + ".");
        }

        return new[] { result.Build($"The MCP client obtains a resource-bound token at {tokenEndpoint.GetLeftPart(UriPartial.Path)} and it opens the MCP server ({opened.Era} era).") };
    }

    private static void JudgeResponse(McpTokenResult token, ResultBuilder result)
    {
        string cacheControl = string.Join(", ", token.Response!.HeaderValues("Cache-Control"));
        result.Evidence("Cache-Control", cacheControl.Length == 0 ? "(absent)" : cacheControl);
        if (!cacheControl.Split(',').Any(d => string.Equals(d.Trim(), "no-store", StringComparison.OrdinalIgnoreCase)))
        {
            result.Fail("The token response lacks Cache-Control: no-store (RFC 6749 §5.1): proxies and clients may keep the access token.");
        }
    }

    private static async Task JudgeTokenAsync(AuditContext context, string accessToken, Uri? jwksUri, ResultBuilder result, CancellationToken cancellationToken)
    {
        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        if (!handler.CanReadToken(accessToken))
        {
            result.Fail("The access token is not a JWT: the MCP server cannot validate it locally against the environment's keys.");
            return;
        }

        JwtSecurityToken jwt = handler.ReadJwtToken(accessToken);
        JudgeAudience(context, jwt, result);
        JudgeIssuer(context, jwt, result);
        JudgeLifetime(context, jwt, result);
        JudgeScopes(jwt, result);
        await JudgeSignatureAsync(context, handler, accessToken, jwt, jwksUri, result, cancellationToken).ConfigureAwait(false);
    }

    private static void JudgeAudience(AuditContext context, JwtSecurityToken jwt, ResultBuilder result)
    {
        string serverUrl = context.Configuration.McpServerUrl!;
        string? resourceId = context.Configuration.Mcp.ResourceId;
        var audiences = jwt.Audiences.ToList();
        result.Evidence("aud", audiences.Count == 0 ? "(absent)" : string.Join(", ", audiences));
        bool hasId = resourceId is not null && audiences.Contains(resourceId, StringComparer.Ordinal);
        bool hasUrl = audiences.Contains(serverUrl, StringComparer.Ordinal);
        bool hasResourceLike = audiences.Any(a => a.StartsWith("res_", StringComparison.Ordinal));
        if (!hasId && !hasUrl && !(resourceId is null && hasResourceLike))
        {
            result.Fail($"The token's aud ({(audiences.Count == 0 ? "absent" : string.Join(", ", audiences))}) names neither the resource id {resourceId ?? "(Mcp.ResourceId not configured)"} nor the server URL {serverUrl}: it is not bound to this MCP server, so a token for another resource could be replayed here.");
        }
    }

    private static void JudgeIssuer(AuditContext context, JwtSecurityToken jwt, ResultBuilder result)
    {
        string? environment = context.Configuration.EnvironmentUrl?.TrimEnd('/');
        string issuer = jwt.Issuer ?? string.Empty;
        if (environment is null)
        {
            result.Evidence("iss", issuer + " (not compared: Environment.Url is not configured)");
            return;
        }

        string? resourceId = context.Configuration.Mcp.ResourceId;
        string form = string.Equals(issuer, environment, StringComparison.Ordinal) ? "environment issuer"
            : issuer.StartsWith(environment + "/resources/", StringComparison.Ordinal)
              && (resourceId is null || string.Equals(issuer, environment + "/resources/" + resourceId, StringComparison.Ordinal)) ? "resource issuer"
            : string.Empty;
        result.Evidence("iss", issuer.Length == 0 ? "(absent)" : issuer + (form.Length == 0 ? string.Empty : " (" + form + ")"));
        if (form.Length == 0)
        {
            result.Fail($"The token's iss '{issuer}' is neither the environment {environment} nor its resource issuer {environment}/resources/{resourceId ?? "<res_id>"}: MCP servers that check the issuer reject it.");
        }
    }

    private static void JudgeLifetime(AuditContext context, JwtSecurityToken jwt, ResultBuilder result)
    {
        long? exp = jwt.Payload.Expiration;
        long? iat = jwt.Payload.IssuedAt == DateTime.MinValue ? null : new DateTimeOffset(jwt.Payload.IssuedAt).ToUnixTimeSeconds();
        if (exp is null)
        {
            result.Fail("The token has no exp claim: it never expires.");
            return;
        }

        long lifetime = exp.Value - (iat ?? context.Clock().ToUnixTimeSeconds());
        long max = context.Configuration.Policy.MaxAccessTokenLifetimeSeconds;
        result.Evidence("Lifetime", lifetime.ToString(CultureInfo.InvariantCulture) + " s (policy: at most " + max.ToString(CultureInfo.InvariantCulture) + " s)");
        if (lifetime > max)
        {
            result.Fail($"The token lives {lifetime} s, longer than the policy's {max} s (Policy.MaxAccessTokenLifetimeSeconds): a leaked token stays usable that long.");
        }
    }

    private static void JudgeScopes(JwtSecurityToken jwt, ResultBuilder result)
    {
        JObject payload = JObject.Parse(jwt.Payload.SerializeToJson());
        string? form = payload["scope"]?.Type == JTokenType.String ? "scope string: " + (string?)payload["scope"]
            : payload["scopes"] is JArray scopes ? "scopes array: " + string.Join(" ", scopes.Select(s => s.ToString()))
            : null;
        result.Evidence("Scope claim", form ?? "(absent)");
        if (form is null)
        {
            result.Fail("The token carries neither a scope string nor a scopes array: the MCP server cannot enforce per-tool scopes.");
        }
    }

    private static async Task JudgeSignatureAsync(AuditContext context, JwtSecurityTokenHandler handler, string accessToken, JwtSecurityToken jwt, Uri? jwksUri, ResultBuilder result, CancellationToken cancellationToken)
    {
        result.Evidence("Header", "alg " + jwt.Header.Alg + ", kid " + (jwt.Header.Kid ?? "(absent)"));
        if (jwksUri is null)
        {
            result.Fail("No JWKS is known to verify the token's signature.");
            return;
        }

        ProbeResponse keys = await context.Probe.SendAsync(ProbeRequest.Get(jwksUri).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("JWKS", keys.Exchange.Summary);
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(keys.BodyText);
        }
        catch (ArgumentException ex)
        {
            result.Fail($"The JWKS at {jwksUri} could not be read ({ex.Message}); the token's signature cannot be verified.");
            return;
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = set.GetSigningKeys(),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireSignedTokens = true,
            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.EcdsaSha256 },
        };
        try
        {
            handler.ValidateToken(accessToken, parameters, out _);
        }
        catch (SecurityTokenException ex)
        {
            result.Fail($"The token's signature does not verify against {jwksUri} ({ex.GetType().Name}): MCP servers that validate correctly reject it.");
        }
    }
}
