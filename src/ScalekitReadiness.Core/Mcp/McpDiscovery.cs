using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Mcp;

/// <summary>
/// How an MCP client finds its authorization server: the protected resource metadata (challenge URL, path-aware,
/// root), then each authorization server's metadata in the MCP discovery order plus Scalekit's appended form.
/// Only GETs without credentials are sent, whatever host a document names.
/// </summary>
internal static class McpDiscovery
{
    /// <summary>The forms an AS metadata URL can take for an issuer; <see cref="InMcpOrder"/> is what MCP clients try.</summary>
    internal sealed class MetadataLocation
    {
        public MetadataLocation(string label, Uri url, bool inMcpOrder)
        {
            Label = label;
            Url = url;
            InMcpOrder = inMcpOrder;
        }

        public string Label { get; }

        public Uri Url { get; }

        public bool InMcpOrder { get; }
    }

    /// <summary>Finds the first protected resource metadata that answers 200 with a JSON object; null when none does.</summary>
    public static async Task<(Uri Url, JObject Document)?> FindProtectedResourceMetadataAsync(AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        Uri? headerUrl = await ProtectedResourceMetadataCheck.FindChallengeMetadataUrlAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        foreach ((string label, Uri url) in ProtectedResourceMetadataCheck.Candidates(server, headerUrl))
        {
            ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(url).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
            result.Evidence("PRM " + label, response.Exchange.Summary);
            if (response.StatusCode == 200 && JsonDocumentReader.TryParse(response.BodyText, out _) is JObject document)
            {
                return (url, document);
            }
        }

        return null;
    }

    /// <summary>
    /// The PRM at the path-aware, then the root well-known URL of <paramref name="server"/>, without the challenge
    /// request of <see cref="FindProtectedResourceMetadataAsync"/>: the first answer that is 200 with a JSON object, or null.
    /// </summary>
    public static async Task<(ProbeResponse Response, JObject Document)?> FetchWellKnownProtectedResourceMetadataAsync(AuditContext context, Uri server, CancellationToken cancellationToken)
    {
        string path = server.AbsolutePath.TrimEnd('/');
        string origin = server.GetLeftPart(UriPartial.Authority);
        foreach (string url in new[] { origin + "/.well-known/oauth-protected-resource" + path, origin + "/.well-known/oauth-protected-resource" })
        {
            ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(new Uri(url)).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 200 && JsonDocumentReader.TryParse(response.BodyText, out _) is JObject document)
            {
                return (response, document);
            }
        }

        return null;
    }

    /// <summary>The string entries of the PRM's <c>authorization_servers</c>.</summary>
    public static IReadOnlyList<string> AuthorizationServers(JObject prm) =>
        prm["authorization_servers"] is JArray list
            ? list.Where(e => e.Type == JTokenType.String).Select(e => (string)e!).ToArray()
            : Array.Empty<string>();

    /// <summary>
    /// The metadata URLs for <paramref name="issuer"/>: for an issuer with a path, RFC 8414 insertion (OAuth, then OIDC),
    /// OIDC appended (the MCP order), then Scalekit's appended OAuth form; for one without, the two root documents.
    /// </summary>
    public static IReadOnlyList<MetadataLocation> MetadataLocations(Uri issuer)
    {
        string origin = issuer.GetLeftPart(UriPartial.Authority);
        string path = issuer.AbsolutePath.TrimEnd('/');
        const string OAuth = "/.well-known/oauth-authorization-server";
        const string Oidc = "/.well-known/openid-configuration";
        if (path.Length == 0)
        {
            return new[]
            {
                new MetadataLocation("oauth-authorization-server", new Uri(origin + OAuth), true),
                new MetadataLocation("openid-configuration", new Uri(origin + Oidc), true),
            };
        }

        return new[]
        {
            new MetadataLocation("oauth-authorization-server inserted", new Uri(origin + OAuth + path), true),
            new MetadataLocation("openid-configuration inserted", new Uri(origin + Oidc + path), true),
            new MetadataLocation("openid-configuration appended", new Uri(origin + path + Oidc), true),
            new MetadataLocation("oauth-authorization-server appended (Scalekit)", new Uri(origin + path + OAuth), false),
        };
    }

    /// <summary>Fetches every location; returns the answering ones in order (the first is what a client would use).</summary>
    public static async Task<IReadOnlyList<(MetadataLocation Location, ProbeResponse Response, JObject Document)>> FetchMetadataAsync(
        AuditContext context, Uri issuer, ResultBuilder result, CancellationToken cancellationToken)
    {
        var answered = new List<(MetadataLocation, ProbeResponse, JObject)>();
        foreach (MetadataLocation location in MetadataLocations(issuer))
        {
            ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(location.Url).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
            result.Evidence("AS metadata " + location.Label, response.Exchange.Summary);
            if (response.StatusCode == 200 && JsonDocumentReader.TryParse(response.BodyText, out _) is JObject document)
            {
                answered.Add((location, response, document));
            }
        }

        return answered;
    }

    /// <summary>
    /// The token endpoint an MCP M2M client would use: from the first authorization server's metadata (MCP order
    /// first), else the environment's /oauth/token. Null when neither is known. Scope is what a client asks for
    /// without a challenge: every scope of the PRM's scopes_supported (null when it names none).
    /// </summary>
    public static async Task<(Uri? TokenEndpoint, Uri? JwksUri, string Source, string? Scope)> FindTokenEndpointAsync(AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        (Uri Url, JObject Document)? prm = await FindProtectedResourceMetadataAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        string? issuer = prm is { } found ? AuthorizationServers(found.Document).FirstOrDefault() : null;
        string? scope = prm is { } withScopes && withScopes.Document["scopes_supported"] is JArray scopes && scopes.Any(s => s.Type == JTokenType.String)
            ? string.Join(" ", scopes.Where(s => s.Type == JTokenType.String).Select(s => (string)s!))
            : null;
        if (issuer is not null && Uri.TryCreate(issuer, UriKind.Absolute, out Uri? issuerUrl))
        {
            var answered = await FetchMetadataAsync(context, issuerUrl, result, cancellationToken).ConfigureAwait(false);
            JObject? metadata = answered.OrderBy(a => a.Location.InMcpOrder ? 0 : 1).Select(a => a.Document).FirstOrDefault();
            if (metadata?["token_endpoint"]?.Type == JTokenType.String && Uri.TryCreate((string?)metadata["token_endpoint"], UriKind.Absolute, out Uri? tokenEndpoint))
            {
                Uri? jwks = metadata["jwks_uri"]?.Type == JTokenType.String && Uri.TryCreate((string?)metadata["jwks_uri"], UriKind.Absolute, out Uri? j) ? j : null;
                return (tokenEndpoint, jwks, "the metadata of " + issuer, scope);
            }
        }

        if (context.Configuration.EnvironmentUrl is string env && Uri.TryCreate(env.TrimEnd('/') + "/oauth/token", UriKind.Absolute, out Uri? fallback))
        {
            return (fallback, new Uri(env.TrimEnd('/') + "/keys"), "the environment (no authorization server metadata found)", scope);
        }

        return (null, null, "none", scope);
    }
}
