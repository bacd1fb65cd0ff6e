using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-030: the consent screen an MCP client's authorization request leads to is reachable, on the
/// environment's own (custom) domain over https, and cannot be framed (clickjacking).
/// </summary>
internal sealed class ConsentCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-030";
    private static readonly string[] s_vendorSuffixes = { ".scalekit.com", ".scalekit.dev", ".scalekit.cloud" };

    public ConsentCheck()
        : base(new CheckDefinition(
            CheckId,
            "Consent screen is reachable and branded",
            CheckSection.McpAuthentication,
            Severity.High,
            Safety.Active,
            "Finds the authorization endpoint (PRM → authorization server metadata) and sends the authorization request an MCP client sends (PKCE S256, resource=<server URL>, the MCP client id, a loopback redirect), following redirects to the login or consent page. The page must answer 200 over https (http → Failed), on the environment's host (another host, or a default *.scalekit.com/.dev/.cloud host → Warning: users see the vendor's domain), with X-Frame-Options or CSP frame-ancestors (neither → Failed: clickjacking); Cross-Origin-Opener-Policy: same-origin → Warning (breaks popup-based clients). A refused request → Failed.",
            "Add a custom domain to the production environment (Dashboard › Developers › Custom domain) so the consent screen shows your brand, give the MCP server a recognizable name, and make sure the authorization request of your MCP clients (with resource and PKCE S256) reaches the consent screen: register the client and its redirect URIs. Keep the login and consent pages unframeable (X-Frame-Options: DENY or Content-Security-Policy: frame-ancestors 'none') and do not send Cross-Origin-Opener-Policy: same-origin on them if popup-based clients connect.",
            new[] { "Mcp.ServerUrl", "Mcp.ClientId or Mcp.ClientIdMetadataUrl" },
            new[]
            {
                "MCP specification 2025-11-25, Authorization: Authorization Flow, Security Considerations",
                "OWASP Clickjacking Defense Cheat Sheet; RFC 6749 §10.13",
                "Scalekit: authenticate/mcp/launch-checklist (custom domain), authenticate/mcp/troubleshooting (COOP)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.McpServerUrl is null ? "Mcp.ServerUrl"
        : (context.Configuration.Mcp.ClientId ?? context.Configuration.Mcp.ClientIdMetadataUrl) is null ? "Mcp.ClientId"
        : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string serverUrl = context.Configuration.McpServerUrl!;
        var server = new Uri(serverUrl);
        ResultBuilder result = context.StartResult(Definition, serverUrl);

        (Uri? current, Uri redirect) = await BuildAuthorizationRequestAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return new[] { result.Error("The authorization endpoint could not be found through the protected resource metadata and the authorization server metadata (see SK-MCP-010 and SK-MCP-020); the consent page was not reached.") };
        }

        ProbeResponse? page = null;
        for (int hop = 0; hop <= context.Probe.Options.MaxRedirects; hop++)
        {
            ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(current).WithHeader("Accept", "text/html"), cancellationToken).ConfigureAwait(false);
            result.Evidence(hop == 0 ? "Authorization request" : "Hop " + hop.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Exchange.Summary);
            string? location = response.Header("Location");
            if (!response.IsRedirect || location is null || !Uri.TryCreate(current, location, out Uri? next))
            {
                page = response;
                break;
            }

            if (next.GetLeftPart(UriPartial.Path) == redirect.GetLeftPart(UriPartial.Path))
            {
                string error = QueryValue(next, "error") ?? "(none)";
                if (QueryValue(next, "code") is not null)
                {
                    result.Warn("The authorization server sent the client straight back with a code: no login or consent screen was shown to the user.");
                }
                else
                {
                    result.Fail($"The authorization server refused the MCP client's authorization request: it redirected back with error={error}. MCP clients cannot connect; check the client id, its redirect URIs and the resource parameter.");
                }

                return new[] { result.Build(string.Empty) };
            }

            if (next.Scheme != Uri.UriSchemeHttps)
            {
                result.Fail($"The authorization request leads to a page over plain http ({next.GetLeftPart(UriPartial.Path)}): the user's credentials and consent travel unprotected.");
                return new[] { result.Build(string.Empty) };
            }

            current = next;
        }

        if (page is null || page.StatusCode != 200)
        {
            result.Fail(page is null
                ? "The authorization request redirected too many times to reach a login or consent page."
                : $"The authorization request as an MCP client sends it was answered {page.StatusCode}: no login or consent page was reached.");
            return new[] { result.Build(string.Empty) };
        }

        result.Evidence("Consent page", current.GetLeftPart(UriPartial.Path));
        JudgeHost(context, current, result);
        JudgeFraming(page, result);
        if (string.Equals(page.Header("Cross-Origin-Opener-Policy")?.Trim(), "same-origin", StringComparison.OrdinalIgnoreCase))
        {
            result.Warn("The consent page sends Cross-Origin-Opener-Policy: same-origin: MCP clients that open the login in a popup (e.g. Amazon Q) never get the result back.");
        }

        return new[] { result.Build($"The MCP client's authorization request reaches the consent page {current.GetLeftPart(UriPartial.Path)} over https on the environment's domain, and the page cannot be framed.") };
    }

    /// <summary>The authorization request an MCP client sends (PKCE S256, resource, loopback redirect), or null when the endpoint is not found.</summary>
    internal static async Task<(Uri? Request, Uri Redirect)> BuildAuthorizationRequestAsync(AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        string serverUrl = server.OriginalString;
        (Uri? authorize, string? scopes) = await FindAuthorizationEndpointAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        string clientId = context.Configuration.Mcp.ClientId ?? context.Configuration.Mcp.ClientIdMetadataUrl ?? string.Empty;
        var redirect = new Uri("http://127.0.0.1:" + (49152 + RandomNumber(16000)).ToString(System.Globalization.CultureInfo.InvariantCulture) + "/callback");
        if (authorize is null)
        {
            return (null, redirect);
        }

        string verifier = Base64UrlEncoder.Encode(RandomBytes(32));
        string challenge;
        using (var sha = SHA256.Create())
        {
            challenge = Base64UrlEncoder.Encode(sha.ComputeHash(Encoding.ASCII.GetBytes(verifier)));
        }

        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", clientId),
            new("redirect_uri", redirect.AbsoluteUri),
            new("code_challenge", challenge),
            new("code_challenge_method", "S256"),
            new("resource", serverUrl),
            new("state", Base64UrlEncoder.Encode(RandomBytes(16))),
        };
        if (!string.IsNullOrEmpty(scopes))
        {
            query.Add(new("scope", scopes!));
        }

        return (new Uri(authorize.AbsoluteUri + (string.IsNullOrEmpty(authorize.Query) ? "?" : "&")
            + string.Join("&", query.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)))), redirect);
    }

    private static void JudgeHost(AuditContext context, Uri page, ResultBuilder result)
    {
        if (s_vendorSuffixes.Any(suffix => page.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
        {
            result.Warn($"The consent page is on {page.Host}, Scalekit's default domain: users are asked to trust the vendor's domain, not yours. Add a custom domain to the production environment.");
        }
        else if (context.Configuration.EnvironmentUrl is string environment && Uri.TryCreate(environment, UriKind.Absolute, out Uri? environmentUri)
            && !string.Equals(environmentUri.Host, page.Host, StringComparison.OrdinalIgnoreCase))
        {
            result.Warn($"The consent page is on {page.Host}, not on the environment's domain {environmentUri.Host}: users see a domain they do not know.");
        }
    }

    private static void JudgeFraming(ProbeResponse page, ResultBuilder result)
    {
        string? frameOptions = page.Header("X-Frame-Options");
        string? frameAncestors = page.HeaderValues("Content-Security-Policy")
            .SelectMany(policy => policy.Split(';'))
            .Select(directive => directive.Trim())
            .FirstOrDefault(directive => directive.StartsWith("frame-ancestors", StringComparison.OrdinalIgnoreCase));
        result.Evidence("Framing", "X-Frame-Options: " + (frameOptions ?? "(none)") + "; CSP " + (frameAncestors ?? "frame-ancestors (none)"));
        bool deniedByOptions = frameOptions is not null
            && (frameOptions.Trim().Equals("DENY", StringComparison.OrdinalIgnoreCase) || frameOptions.Trim().Equals("SAMEORIGIN", StringComparison.OrdinalIgnoreCase));
        bool deniedByPolicy = frameAncestors is not null && !frameAncestors.Contains("*");
        if (!deniedByOptions && !deniedByPolicy)
        {
            result.Fail("The consent page can be framed by any site (no X-Frame-Options: DENY/SAMEORIGIN and no CSP frame-ancestors): an attacker can overlay it and trick users into approving access (clickjacking).");
        }
    }

    private static async Task<(Uri? Endpoint, string? Scopes)> FindAuthorizationEndpointAsync(AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        JObject? prm = null;
        if (await McpDiscovery.FetchWellKnownProtectedResourceMetadataAsync(context, server, cancellationToken).ConfigureAwait(false) is (ProbeResponse prmResponse, JObject prmDocument))
        {
            prm = prmDocument;
            result.Evidence("PRM", prmResponse.Exchange.Summary);
        }

        string? issuer = prm?["authorization_servers"] is JArray servers && servers.FirstOrDefault()?.Type == JTokenType.String ? (string?)servers[0] : null;
        string? scopes = prm?["scopes_supported"] is JArray supported ? string.Join(" ", supported.Where(s => s.Type == JTokenType.String).Select(s => (string)s!)) : null;
        if (issuer is null || !Uri.TryCreate(issuer, UriKind.Absolute, out Uri? issuerUri))
        {
            return (null, scopes);
        }

        string issuerPath = issuerUri.AbsolutePath.TrimEnd('/');
        string issuerOrigin = issuerUri.GetLeftPart(UriPartial.Authority);
        foreach (string url in new[]
        {
            issuerOrigin + "/.well-known/oauth-authorization-server" + issuerPath,
            issuerOrigin + issuerPath + "/.well-known/oauth-authorization-server",
            issuerOrigin + issuerPath + "/.well-known/openid-configuration",
        })
        {
            ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(new Uri(url)).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 200 && JsonDocumentReader.TryParse(response.BodyText, out _) is JObject metadata
                && metadata["authorization_endpoint"]?.Type == JTokenType.String
                && Uri.TryCreate((string?)metadata["authorization_endpoint"], UriKind.Absolute, out Uri? endpoint))
            {
                result.Evidence("Authorization server metadata", response.Exchange.Summary);
                return (endpoint, scopes);
            }
        }

        return (null, scopes);
    }

    internal static string? QueryValue(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&')
            .Select(pair => pair.Split(new[] { '=' }, 2))
            .Where(parts => parts.Length == 2 && Uri.UnescapeDataString(parts[0]) == name)
            .Select(parts => Uri.UnescapeDataString(parts[1]))
            .FirstOrDefault();

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(bytes);
        }

        return bytes;
    }

    private static int RandomNumber(int below) => BitConverter.ToUInt16(RandomBytes(2), 0) % below;
}
