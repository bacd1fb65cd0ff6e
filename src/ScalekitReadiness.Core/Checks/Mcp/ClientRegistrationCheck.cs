using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-021: reports whether the MCP server's authorization server offers open dynamic client registration and,
/// only with the explicit opt-in, registers throwaway clients with a non-https and a javascript: redirect URI: the
/// authorization server must refuse both.
/// </summary>
internal sealed class ClientRegistrationCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-021";

    /// <summary>Redirect URIs no authorization server may register: plain http on a foreign host, and a script scheme.</summary>
    private static readonly (string Label, string Uri)[] s_foreignRedirects =
    {
        ("non-https", "http://skr-probe.example/callback"),
        ("javascript: scheme", "javascript:alert(document.domain)//"),
    };

    public ClientRegistrationCheck()
        : base(new CheckDefinition(
            CheckId,
            "Client registration exposure is understood",
            CheckSection.McpAuthentication,
            Severity.Medium,
            Safety.StateChanging,
            "Only with Mcp.AllowDynamicRegistrationProbe and state change allowed: finds the authorization server metadata (PRM → authorization_servers[0]) and reports how clients register (registration_endpoint = open dynamic client registration, client_id_metadata_document_supported = CIMD). When the registration endpoint is open it registers a throwaway client with a plain-http redirect URI on a foreign host, and one with a javascript: redirect URI; each must be refused with a 4xx (accepted → Failed; another answer → Warning). No registration endpoint → Passed without registering anything.",
            "Keep dynamic client registration only if MCP clients that cannot use client ID metadata documents must connect (the 2026-07-28 MCP specification deprecates it); make sure the authorization server accepts only https redirect URIs and http on loopback addresses, and delete the throwaway clients this check registered (Dashboard › MCP Servers › Clients).",
            new[] { "Mcp.ServerUrl", "Mcp.AllowDynamicRegistrationProbe" },
            new[]
            {
                "MCP specification 2025-11-25, Authorization: Client Registration Approaches; 2026-07-28: client-registration (DCR deprecated)",
                "RFC 7591 §2 and §5 (redirect_uris, invalid_redirect_uri); RFC 8252 §7.3 (loopback redirects)",
                "Scalekit: authenticate/mcp/managing-mcp-clients (DCR and CIMD)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.McpServerUrl is null ? "Mcp.ServerUrl"
        : !context.Configuration.Mcp.AllowDynamicRegistrationProbe ? "Mcp.AllowDynamicRegistrationProbe to true (it registers throwaway clients)"
        : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string serverUrl = context.Configuration.McpServerUrl!;
        ResultBuilder result = context.StartResult(Definition, serverUrl);
        (Uri Url, JObject Document)? prm = await McpDiscovery.FindProtectedResourceMetadataAsync(context, new Uri(serverUrl), result, cancellationToken).ConfigureAwait(false);
        string? issuer = prm is { } found ? McpDiscovery.AuthorizationServers(found.Document).FirstOrDefault() : null;
        if (issuer is null || !Uri.TryCreate(issuer, UriKind.Absolute, out Uri? issuerUrl))
        {
            return new[] { result.Error("No protected resource metadata naming an authorization server was found (see SK-MCP-010): how clients register could not be read.") };
        }

        var answered = await McpDiscovery.FetchMetadataAsync(context, issuerUrl, result, cancellationToken).ConfigureAwait(false);
        JObject? metadata = answered.OrderBy(a => a.Location.InMcpOrder ? 0 : 1).Select(a => a.Document).FirstOrDefault();
        if (metadata is null)
        {
            return new[] { result.Error($"The metadata of the authorization server {issuer} was not found (see SK-MCP-020): how clients register could not be read.") };
        }

        bool cimd = metadata["client_id_metadata_document_supported"]?.Type == JTokenType.Boolean && (bool)metadata["client_id_metadata_document_supported"]!;
        result.Evidence("Client ID metadata documents", cimd ? "supported" : "not offered");
        if (metadata["registration_endpoint"]?.Type != JTokenType.String || !Uri.TryCreate((string?)metadata["registration_endpoint"], UriKind.Absolute, out Uri? endpoint))
        {
            result.Evidence("Dynamic client registration", "not offered (no registration_endpoint)");
            return new[] { result.Build($"The authorization server offers no dynamic client registration: clients register {(cimd ? "with client ID metadata documents or " : string.Empty)}in advance. Nothing was registered.") };
        }

        result.Evidence("Dynamic client registration", "open: " + endpoint.AbsoluteUri);
        var accepted = new List<string>();
        foreach ((string label, string redirect) in s_foreignRedirects)
        {
            ProbeResponse response = await RegisterAsync(context, endpoint, redirect, cancellationToken).ConfigureAwait(false);
            result.Evidence("Registration with a " + label + " redirect URI", response.Exchange.Summary + ErrorOf(response));
            if (response.StatusCode >= 200 && response.StatusCode < 300)
            {
                JObject? client = JsonDocumentReader.TryParse(response.BodyText, out _) as JObject;
                foreach (string secret in new[] { "client_secret", "registration_access_token" }.Select(name => client?[name]).OfType<JValue>().Where(v => v.Type == JTokenType.String).Select(v => (string)v!))
                {
                    context.Redactor.AddSecret(secret);
                }

                string clientId = client?["client_id"]?.Type == JTokenType.String ? (string)client["client_id"]! : "(no client_id)";
                result.Evidence("Registered client (" + label + ")", clientId + ": delete it (Dashboard › MCP Servers › Clients)");
                accepted.Add(redirect);
            }
            else if (response.StatusCode < 400 || response.StatusCode >= 500)
            {
                result.Warn($"The registration endpoint answered {response.StatusCode} to a client with the {label} redirect URI {redirect}: it should refuse it with 400 invalid_redirect_uri (RFC 7591).");
            }
        }

        if (accepted.Count > 0)
        {
            result.Fail($"The open registration endpoint {endpoint.AbsoluteUri} registered a client with the redirect URI {string.Join(" and ", accepted)}: anyone can register a client that sends users' authorization codes to a host or scheme they control. Allow only https redirect URIs and http on loopback addresses.");
        }

        return new[] { result.Build($"The authorization server offers open dynamic client registration at {endpoint.AbsoluteUri} (anyone can register a public client{(cimd ? "; client ID metadata documents are supported too" : string.Empty)}), and it refused a plain-http foreign and a javascript: redirect URI.") };
    }

    private static Task<ProbeResponse> RegisterAsync(AuditContext context, Uri endpoint, string redirect, CancellationToken cancellationToken)
    {
        var body = new JObject
        {
            ["client_name"] = "ScalekitReadiness SK-MCP-021 probe (delete me)",
            ["redirect_uris"] = new JArray(redirect),
            ["application_type"] = "web",
            ["grant_types"] = new JArray("authorization_code"),
            ["response_types"] = new JArray("code"),
            ["token_endpoint_auth_method"] = "none",
        };
        var request = new ProbeRequest(HttpMethod.Post, endpoint)
        {
            Body = body.ToString(Formatting.None),
            ContentType = "application/json",
        };
        return context.Probe.SendAsync(request.WithHeader("Accept", "application/json"), cancellationToken);
    }

    private static string ErrorOf(ProbeResponse response) =>
        response.StatusCode >= 400 && JsonDocumentReader.TryParse(response.BodyText, out _) is JObject error && error["error"]?.Type == JTokenType.String
            ? " error=" + (string)error["error"]!
            : string.Empty;
}
