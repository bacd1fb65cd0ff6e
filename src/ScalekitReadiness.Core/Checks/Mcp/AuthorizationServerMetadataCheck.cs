using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-020: every authorization server the protected resource metadata names publishes RFC 8414 / OIDC metadata
/// where MCP clients look for it, with an identical issuer, https endpoints, PKCE S256, the code flow, a way to
/// register and a reachable JWKS.
/// </summary>
internal sealed class AuthorizationServerMetadataCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-020";

    public AuthorizationServerMetadataCheck()
        : base(new CheckDefinition(
            CheckId,
            "Authorization server metadata is valid",
            CheckSection.McpAuthentication,
            Severity.Critical,
            Safety.Passive,
            "For each authorization_servers entry of the protected resource metadata, tries the MCP discovery order (/.well-known/oauth-authorization-server<path>, /.well-known/openid-configuration<path>, <path>/.well-known/openid-configuration) and Scalekit's appended <path>/.well-known/oauth-authorization-server, reports which answered and judges the document: issuer identical to the entry; https endpoints; response_types_supported with code; code_challenge_methods_supported with S256; grant_types_supported with authorization_code; registration_endpoint or client_id_metadata_document_supported (neither → Warning); jwks_uri reachable; authorization_response_iss_parameter_supported reported.",
            "Point authorization_servers at your environment's resource issuer exactly as its metadata states it (https://<env-host>/resources/<res_id>, no trailing slash) and make sure https://<env-host>/.well-known/oauth-authorization-server/resources/<res_id> answers (Scalekit serves it; a proxy or custom domain must pass it through). If you run your own authorization server, publish code_challenge_methods_supported: [\"S256\"], response_types_supported with code, https endpoints, a reachable jwks_uri, and a registration_endpoint or client_id_metadata_document_supported: true (enable DCR or CIMD under Dashboard › MCP Servers).",
            new[] { "Mcp.ServerUrl" },
            new[]
            {
                "MCP specification 2025-11-25, Authorization: Authorization Server Metadata Discovery",
                "MCP specification 2026-07-28, Authorization server discovery (issuer equality)",
                "RFC 8414 §3, §3.3 (OAuth 2.0 Authorization Server Metadata)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.McpServerUrl is null ? "Mcp.ServerUrl" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string serverUrl = context.Configuration.McpServerUrl!;
        ResultBuilder result = context.StartResult(Definition, serverUrl);
        (Uri Url, JObject Document)? prm = await McpDiscovery.FindProtectedResourceMetadataAsync(context, new Uri(serverUrl), result, cancellationToken).ConfigureAwait(false);
        if (prm is not { } found)
        {
            result.Fail("No protected resource metadata was found (see SK-MCP-010), so MCP clients cannot learn which authorization server to use.");
            return new[] { result.Build(string.Empty) };
        }

        IReadOnlyList<string> servers = McpDiscovery.AuthorizationServers(found.Document);
        if (servers.Count == 0)
        {
            result.Fail($"The protected resource metadata at {found.Url} names no authorization server (see SK-MCP-010).");
            return new[] { result.Build(string.Empty) };
        }

        var judged = new List<string>();
        foreach (string entry in servers)
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out Uri? issuer) || issuer.Scheme is not ("https" or "http"))
            {
                result.Fail($"The authorization server '{entry}' is not an absolute URL; its metadata cannot be located (see SK-MCP-010).");
                continue;
            }

            var answered = await McpDiscovery.FetchMetadataAsync(context, issuer, result, cancellationToken).ConfigureAwait(false);
            result.Evidence("Answered for " + entry, answered.Count == 0 ? "none" : string.Join(", ", answered.Select(a => a.Location.Label)));
            if (answered.Count == 0)
            {
                result.Fail($"No metadata answered for the authorization server '{entry}' at any of {string.Join(", ", McpDiscovery.MetadataLocations(issuer).Select(l => l.Url))}: MCP clients cannot find its endpoints.");
                continue;
            }

            var chosen = answered.FirstOrDefault(a => a.Location.InMcpOrder);
            if (chosen.Document is null)
            {
                chosen = answered[0];
                result.Warn($"For '{entry}' only Scalekit's appended form {chosen.Location.Url} answered; MCP clients try only the RFC 8414 inserted and OIDC forms, so spec-following clients will not find the metadata.");
            }

            result.Evidence("Judged for " + entry, chosen.Location.Url.ToString());
            await JudgeAsync(context, entry, chosen.Location.Url, chosen.Document, result, cancellationToken).ConfigureAwait(false);
            judged.Add(chosen.Location.Url.ToString());
        }

        return new[] { result.Build($"Authorization server metadata is valid ({string.Join(", ", judged)}).") };
    }

    private static async Task JudgeAsync(AuditContext context, string entry, Uri url, JObject metadata, ResultBuilder result, CancellationToken cancellationToken)
    {
        string? issuer = Text(metadata, "issuer");
        result.Evidence("issuer", issuer ?? "(absent)");
        if (issuer is null)
        {
            result.Fail($"The metadata at {url} has no issuer (REQUIRED by RFC 8414).");
        }
        else if (!string.Equals(issuer, entry, StringComparison.Ordinal))
        {
            result.Fail(string.Equals(issuer.TrimEnd('/'), entry.TrimEnd('/'), StringComparison.Ordinal)
                ? $"The metadata's issuer '{issuer}' differs from the authorization server '{entry}' only by a trailing slash; RFC 8414 §3.3 and MCP 2026-07-28 require identical strings, and SDK clients reject the metadata."
                : $"The metadata's issuer '{issuer}' is not the authorization server '{entry}' it was fetched for; RFC 8414 §3.3 says clients must not use it.");
        }

        foreach (JProperty member in metadata.Properties().Where(p => p.Name.EndsWith("_endpoint", StringComparison.Ordinal) || p.Name == "jwks_uri"))
        {
            if (member.Value.Type == JTokenType.String && Uri.TryCreate((string?)member.Value, UriKind.Absolute, out Uri? endpoint) && endpoint.Scheme != Uri.UriSchemeHttps)
            {
                result.Fail($"'{member.Name}' is {endpoint}, not https: MCP requires every authorization server endpoint to be https.");
            }
        }

        RequireMember(metadata, "response_types_supported", "code", result, "clients use the authorization code flow");
        string[] pkce = Strings(metadata, "code_challenge_methods_supported");
        result.Evidence("code_challenge_methods_supported", pkce.Length == 0 ? "(absent)" : string.Join(", ", pkce));
        if (!pkce.Contains("S256", StringComparer.Ordinal))
        {
            result.Fail(metadata["code_challenge_methods_supported"] is null
                ? "code_challenge_methods_supported is absent: MCP clients refuse to continue without an advertised S256 (PKCE)."
                : "code_challenge_methods_supported does not contain S256: MCP clients require PKCE with S256.");
        }

        // RFC 8414: an absent grant_types_supported means ["authorization_code", "implicit"].
        if (metadata["grant_types_supported"] is not null)
        {
            RequireMember(metadata, "grant_types_supported", "authorization_code", result, "MCP clients obtain user tokens with it");
        }

        bool registration = Text(metadata, "registration_endpoint") is not null;
        bool cimd = metadata["client_id_metadata_document_supported"]?.Type == JTokenType.Boolean && (bool)metadata["client_id_metadata_document_supported"]!;
        result.Evidence("Registration", (registration ? "registration_endpoint" : "no registration_endpoint") + ", " + (cimd ? "client_id_metadata_document_supported" : "no CIMD"));
        if (!registration && !cimd)
        {
            result.Warn("The metadata offers neither a registration_endpoint nor client_id_metadata_document_supported: MCP clients that are not pre-registered cannot obtain a client id.");
        }

        JToken? iss = metadata["authorization_response_iss_parameter_supported"];
        result.Evidence("authorization_response_iss_parameter_supported", iss?.ToString(Newtonsoft.Json.Formatting.None) ?? "(absent)");

        string? jwks = Text(metadata, "jwks_uri");
        if (jwks is null || !Uri.TryCreate(jwks, UriKind.Absolute, out Uri? jwksUrl))
        {
            result.Fail("The metadata has no usable jwks_uri: resource servers cannot verify the tokens this authorization server signs.");
            return;
        }

        ProbeResponse keys = await context.Probe.SendAsync(ProbeRequest.Get(jwksUrl).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("jwks_uri", keys.Exchange.Summary);
        if (keys.StatusCode != 200 || JsonDocumentReader.TryParse(keys.BodyText, out _) is not JObject set || set["keys"] is not JArray)
        {
            result.Fail($"jwks_uri {jwksUrl} answered {keys.StatusCode} without a JSON key set: tokens cannot be verified.");
        }
    }

    private static void RequireMember(JObject metadata, string name, string value, ResultBuilder result, string why)
    {
        string[] values = Strings(metadata, name);
        result.Evidence(name, values.Length == 0 ? "(absent)" : string.Join(", ", values));
        if (!values.Contains(value, StringComparer.Ordinal))
        {
            result.Fail($"{name} does not contain {value}: {why}.");
        }
    }

    private static string? Text(JObject document, string name) =>
        document[name]?.Type == JTokenType.String ? (string?)document[name] : null;

    private static string[] Strings(JObject document, string name) =>
        document[name] is JArray array ? array.Where(v => v.Type == JTokenType.String).Select(v => (string)v!).ToArray() : Array.Empty<string>();
}
