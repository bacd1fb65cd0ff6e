using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-050: the MCP server refuses, with 401, tokens it must not trust: unsigned (alg: none), signed by another
/// key under the environment's kid, HS256 keyed with the public key (key confusion), expired, issued for another
/// resource, and a token in the query string. Every token except the optional foreign-audience one is forged here
/// from keys made on the spot: the battery never sends a credential the authorization server issued.
/// </summary>
internal sealed class TokenValidationCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-050";

    public TokenValidationCheck()
        : base(new CheckDefinition(
            CheckId,
            "MCP server rejects forged and misdirected tokens",
            CheckSection.McpAuthentication,
            Severity.Critical,
            Safety.Active,
            "Sends an initialize request with each token of a forged battery: alg none; RS256 signed by a fresh key under the environment's real kid; HS256 keyed with the environment's public key (key confusion); expired; a token for another resource (Mcp.ForeignAudienceTokenEnv, when given); a token in the access_token query parameter instead of the header. Each must get 401; a 2xx means the server trusted it. The forged tokens come from keys the probe makes; no real credential is sent.",
            "Validate every MCP access token completely before anything else: only RS256, signature against the environment's JWKS (by kid), iss equal to your environment URL (or <env>/resources/<res_id> while Scalekit migrates), aud containing your resource id (res_…) or server URL, exp and nbf. Never accept alg none or HMAC algorithms, never take a token from the query string, and answer every failure with 401 and WWW-Authenticate: Bearer error=\"invalid_token\" (never 500). With Scalekit's SDKs pass both issuer and audience to validateToken (FastMCP's ScalekitProvider no longer checks the audience: add it).",
            new[] { "Mcp.ServerUrl" },
            new[]
            {
                "MCP specification 2025-11-25, Authorization: Access Token Usage, Token Handling (audience validation)",
                "RFC 8725 (JWT Best Current Practices) §2.1, §3.1, §3.2",
                "RFC 6750 §2.3 (no tokens in URIs for MCP), RFC 8707 (resource indicators)",
                "Scalekit: authenticate/mcp/quickstart (validateToken with issuer and audience)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.McpServerUrl is null ? "Mcp.ServerUrl" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string serverUrl = context.Configuration.McpServerUrl!;
        var server = new Uri(serverUrl);
        ResultBuilder result = context.StartResult(Definition, serverUrl);

        ProbeResponse baseline = await SendAsync(context, server, null, cancellationToken).ConfigureAwait(false);
        result.Evidence("No token", Describe(baseline));
        if (baseline.StatusCode is >= 200 and < 300)
        {
            result.Fail($"The MCP server answered {baseline.StatusCode} to an initialize request without any token: it is open (see SK-MCP-001), so it cannot reject forged tokens either.");
        }

        EnvironmentSigningKey? key = await EnvironmentSigningKey.FindAsync(context, result, cancellationToken).ConfigureAwait(false);
        result.Evidence("Environment key", key is null ? "not found: the wrong-key token uses no kid and the key-confusion token is not sent" : "kid " + (key.KeyId ?? "(none)") + " from " + key.JwksUrl);

        string issuer = context.Configuration.EnvironmentUrl?.TrimEnd('/') ?? server.GetLeftPart(UriPartial.Authority);
        var audiences = new List<string>();
        if (context.Configuration.Mcp.ResourceId is string resourceId)
        {
            audiences.Add(resourceId);
        }

        audiences.Add(serverUrl);
        string? scope = baseline.HeaderValues("WWW-Authenticate").Any()
            ? WwwAuthenticateParser.Parse(baseline.HeaderValues("WWW-Authenticate")).Select(c => c["scope"]).FirstOrDefault(s => !string.IsNullOrEmpty(s))
            : null;
        DateTimeOffset now = context.Clock();
        using var forged = new ForgedTokens(issuer, audiences, scope, now);

        var probes = new List<(string Name, string Description, string Token)>
        {
            ("alg: none", "An unsigned token (alg: none)", forged.AlgNone()),
            ("wrong key", $"An RS256 token signed by a key the probe made, under the environment's kid ({key?.KeyId ?? "none"}),", forged.WrongKey(key?.KeyId)),
        };
        if (key is not null)
        {
            probes.Add(("HS256 with the public key", "An HS256 token keyed with the environment's public key (algorithm confusion)", forged.Hs256WithPublicKey(key.PublicKeyPem, key.KeyId)));
        }

        probes.Add(("expired", "An expired token", forged.Expired(key?.KeyId, now)));
        string? foreign = McpSecrets.ForeignAudienceToken(context.Configuration.Mcp);
        if (foreign is not null)
        {
            context.Redactor.AddSecret(foreign);
            probes.Add(("wrong audience", "A token issued for another resource (Mcp.ForeignAudienceTokenEnv)", foreign));
        }
        else
        {
            result.Evidence("wrong audience", "not sent: set Mcp.ForeignAudienceTokenEnv to a token issued for another resource to test the audience check");
        }

        foreach ((string name, string description, string token) in probes)
        {
            ProbeResponse response = await SendAsync(context, server, token, cancellationToken).ConfigureAwait(false);
            result.Evidence(name, Describe(response));
            Judge(result, description, response);
        }

        // A token in the query string: a server that reads it judges it (a different challenge) or, worse, accepts it.
        ProbeResponse query = await context.Probe.SendAsync(
            WithQueryToken(McpRequests.Initialize(server), forged.WrongKey(key?.KeyId)),
            cancellationToken).ConfigureAwait(false);
        result.Evidence("query string", Describe(query));
        if (query.StatusCode is >= 200 and < 300)
        {
            result.Fail($"A token in the query string (the access_token parameter) was accepted (HTTP {query.StatusCode}): tokens in URLs end up in logs, histories and Referer headers. Read tokens only from the Authorization header.");
        }
        else if (query.StatusCode != 401)
        {
            result.Fail($"A request with a token in the query string (the access_token parameter) was answered {query.StatusCode}, not 401: the server must ignore the query parameter and challenge for a token.");
        }
        else if (ChallengeError(query) != ChallengeError(baseline))
        {
            result.Fail($"The server judged the token in the query string (the access_token parameter): its challenge ({ChallengeError(query)}) differs from the one for no token ({ChallengeError(baseline)}). Read tokens only from the Authorization header (RFC 6750 §2.3 is not for MCP).");
        }

        return new[]
        {
            result.Build($"The MCP server refused every forged and misdirected token with 401 ({(probes.Count + 1).ToString(CultureInfo.InvariantCulture)} tokens, none issued by the authorization server)."),
        };
    }

    private static void Judge(ResultBuilder result, string description, ProbeResponse response)
    {
        if (response.StatusCode is >= 200 and < 300)
        {
            result.Fail($"{description} was accepted (HTTP {response.StatusCode}): anyone can call this MCP server with a token of their own making.");
        }
        else if (response.StatusCode >= 500)
        {
            result.Fail($"{description} was answered {response.StatusCode}, not 401: a token the server cannot validate must be refused with 401 and error=\"invalid_token\" so clients re-authorize (a 5xx also hides whether it was trusted).");
        }
        else if (response.StatusCode != 401)
        {
            result.Fail($"{description} was answered {response.StatusCode}, not 401: the server did not refuse the token when authenticating the request.");
        }
    }

    private static Task<ProbeResponse> SendAsync(AuditContext context, Uri server, string? token, CancellationToken cancellationToken)
    {
        ProbeRequest request = McpRequests.Initialize(server);
        if (token is not null)
        {
            request.WithHeader("Authorization", "Bearer " + token);
        }

        return context.Probe.SendAsync(request, cancellationToken);
    }

    private static ProbeRequest WithQueryToken(ProbeRequest request, string token)
    {
        var builder = new UriBuilder(request.Uri);
        string pair = "access_token=" + Uri.EscapeDataString(token);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? pair : builder.Query.TrimStart('?') + "&" + pair;
        var moved = new ProbeRequest(request.Method, builder.Uri) { Body = request.Body, ContentType = request.ContentType, BodyComplete = request.BodyComplete };
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            moved.Headers.Add(header);
        }

        return moved;
    }

    /// <summary>The Bearer challenge's error and error_description (what the server made of the token), or "no challenge".</summary>
    private static string ChallengeError(ProbeResponse response)
    {
        AuthChallenge? bearer = WwwAuthenticateParser.Parse(response.HeaderValues("WWW-Authenticate"))
            .FirstOrDefault(c => string.Equals(c.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase));
        if (bearer is null)
        {
            return "no Bearer challenge";
        }

        return "error=" + (bearer["error"] ?? "(none)") + (bearer["error_description"] is string description ? ", error_description=" + description : string.Empty);
    }

    private static string Describe(ProbeResponse response) =>
        response.Exchange.Summary + "; " + ChallengeError(response);
}
