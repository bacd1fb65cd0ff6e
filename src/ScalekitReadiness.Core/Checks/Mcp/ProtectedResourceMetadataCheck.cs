using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-010: the MCP server publishes RFC 9728 protected resource metadata that MCP clients can find and
/// use: at the challenge's <c>resource_metadata</c> URL or a well-known URL, as a small JSON object whose
/// <c>resource</c> is the server URL and whose <c>authorization_servers</c> are https URLs of the environment.
/// </summary>
internal sealed class ProtectedResourceMetadataCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-010";
    internal const int MaxDocumentBytes = 64 * 1024;
    private const string WellKnownPath = "/.well-known/oauth-protected-resource";

    public ProtectedResourceMetadataCheck()
        : base(new CheckDefinition(
            CheckId,
            "Protected resource metadata is published",
            CheckSection.McpAuthentication,
            Severity.Critical,
            Safety.Passive,
            "Finds the PRM through the 401 challenge's resource_metadata URL, the path-aware and the root well-known URLs (reports which answer) and judges the document MCP clients will use: 200 application/json, at most 64 KiB, a JSON object; resource identical to the MCP server URL; authorization_servers non-empty absolute https URLs on the environment's host, without a doubled scheme; bearer_methods_supported with header and without query; no zero-value members; no offline_access in scopes_supported.",
            "Serve the metadata from Dashboard › MCP Servers › Metadata JSON at https://<mcp-host>/.well-known/oauth-protected-resource<mcp-path> (and at the root URL if you like), point the 401 challenge's resource_metadata at it, and make 'resource' the MCP server URL byte for byte (no trailing slash unless the server URL has one). 'authorization_servers' must hold your environment's resource issuer, https://<env-host>/resources/<res_id> (watch for https://https:// when the template is filled from SCALEKIT_ENVIRONMENT_URL). Omit members that would be empty (scopes_supported: [] must be left out), keep bearer_methods_supported to [\"header\"], and do not advertise offline_access.",
            new[] { "Mcp.ServerUrl" },
            new[]
            {
                "RFC 9728 §2, §3.1-§3.3 (OAuth 2.0 Protected Resource Metadata)",
                "MCP specification 2025-11-25, Authorization: Protected Resource Metadata Discovery Requirements",
                "Scalekit: authenticate/mcp/quickstart (step 3, Metadata JSON)",
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
        if (server.Scheme != Uri.UriSchemeHttps)
        {
            result.Fail($"The MCP server URL {serverUrl} is plain http: the metadata, and the tokens clients send, travel unprotected. Serve it over https only.");
        }

        Uri? headerUrl = await FindChallengeMetadataUrlAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        var answered = new List<string>();
        (string Label, Uri Url, ProbeResponse Response)? chosen = null;
        foreach ((string label, Uri url) in Candidates(server, headerUrl))
        {
            IReadOnlyList<ProbeResponse> hops = await context.Probe
                .SendFollowingRedirectsAsync(ProbeRequest.Get(url).WithHeader("Accept", "application/json"), cancellationToken)
                .ConfigureAwait(false);
            foreach (ProbeResponse hop in hops)
            {
                result.Evidence("PRM " + label, hop.Exchange.Summary);
            }

            ProbeResponse final = hops[hops.Count - 1];
            if (final.StatusCode == 200)
            {
                answered.Add(label);
                chosen ??= (label, url, final);
            }
            else if (label.StartsWith("header", StringComparison.Ordinal))
            {
                result.Fail($"The resource_metadata URL of the 401 challenge ({url}) answered {final.StatusCode}: clients follow that URL and find no metadata.");
            }
        }

        result.Evidence("Answered", answered.Count == 0 ? "none" : string.Join(", ", answered));
        if (chosen is not { } document)
        {
            result.Fail(
                $"No protected resource metadata found: neither the challenge's resource_metadata URL nor {WellKnownUrl(server, true)} nor {WellKnownUrl(server, false)} answered 200. MCP clients cannot discover the authorization server.");
            return new[] { result.Build(string.Empty) };
        }

        result.Evidence("Judged", document.Label + " " + document.Url);
        JudgeDocument(context, server, document.Url, document.Response, result);
        return new[]
        {
            result.Build($"Protected resource metadata at {document.Url} is valid (answered: {string.Join(", ", answered)})."),
        };
    }

    /// <summary>Sends an unauthenticated GET (then an initialize POST) and returns the challenge's resource_metadata URL.</summary>
    internal static async Task<Uri?> FindChallengeMetadataUrlAsync(AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        ProbeRequest[] attempts =
        {
            ProbeRequest.Get(server).WithHeader("Accept", "application/json, text/event-stream"),
            McpRequests.Initialize(server),
        };
        foreach (ProbeRequest attempt in attempts)
        {
            ProbeResponse response = await context.Probe.SendAsync(attempt, cancellationToken).ConfigureAwait(false);
            result.Evidence("Challenge", response.Exchange.Summary);
            string? metadata = WwwAuthenticateParser.Parse(response.HeaderValues("WWW-Authenticate"))
                .Where(c => string.Equals(c.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
                .Select(c => c["resource_metadata"])
                .FirstOrDefault(v => !string.IsNullOrEmpty(v));
            if (metadata is not null)
            {
                result.Evidence("resource_metadata", metadata);
                // A relative value is SK-MCP-001's warning; here it is resolved the way clients resolve it.
                return Uri.TryCreate(server, metadata, out Uri? url) ? url : null;
            }
        }

        result.Evidence("resource_metadata", "(absent from the challenge)");
        return null;
    }

    internal static IEnumerable<(string Label, Uri Url)> Candidates(Uri server, Uri? headerUrl)
    {
        var seen = new List<(string Label, Uri Url)>();
        void Add(string label, Uri url)
        {
            int existing = seen.FindIndex(c => c.Url.AbsoluteUri == url.AbsoluteUri);
            if (existing >= 0)
            {
                seen[existing] = (seen[existing].Label + " = " + label, url);
            }
            else
            {
                seen.Add((label, url));
            }
        }

        if (headerUrl is not null)
        {
            Add("header URL", headerUrl);
        }

        Add("path-aware", WellKnownUrl(server, true));
        Add("root", WellKnownUrl(server, false));
        return seen;
    }

    /// <summary>RFC 9728 §3.1: the well-known string goes between the host and the path; a lone "/" path is dropped.</summary>
    internal static Uri WellKnownUrl(Uri server, bool pathAware)
    {
        string path = pathAware ? server.AbsolutePath.TrimEnd('/') : string.Empty;
        return new Uri(server.GetLeftPart(UriPartial.Authority) + WellKnownPath + path);
    }

    private static void JudgeDocument(AuditContext context, Uri server, Uri url, ProbeResponse response, ResultBuilder result)
    {
        if (response.MediaType != "application/json")
        {
            result.Fail($"The metadata at {url} is served as '{response.Header("Content-Type") ?? "(no Content-Type)"}', not application/json; clients may refuse it.");
        }

        if (response.BodyTruncated || response.Body.Length > MaxDocumentBytes)
        {
            string size = response.BodyTruncated ? "more than " + response.Body.Length.ToString(CultureInfo.InvariantCulture) : response.Body.Length.ToString(CultureInfo.InvariantCulture);
            result.Fail($"The metadata at {url} is {size} bytes, over the 64 KiB limit for a metadata document.");
        }

        JToken? token = JsonDocumentReader.TryParse(response.BodyText, out string? parseError);
        if (token is null)
        {
            result.Fail($"The metadata at {url} is not valid JSON ({parseError}).");
            return;
        }

        if (token is not JObject prm)
        {
            result.Fail($"The metadata at {url} is a JSON {token.Type.ToString().ToLowerInvariant()}, not a JSON object.");
            return;
        }

        result.Evidence("Document", Excerpt(prm.ToString(Newtonsoft.Json.Formatting.None)));
        JudgeResource(prm, server, result);
        JudgeAuthorizationServers(context, prm, result);
        JudgeBearerMethods(prm, result);
        JudgeZeroValues(prm, result);
        JudgeScopes(prm, result);
        result.Evidence("resource_name", prm["resource_name"]?.Type == JTokenType.String
            ? (string)prm["resource_name"]!
            : "(absent; RFC 9728 recommends a human-readable name, which clients show to users)");
    }

    private static void JudgeResource(JObject prm, Uri server, ResultBuilder result)
    {
        string serverUrl = server.OriginalString;
        JToken? resource = prm["resource"];
        if (resource is null || resource.Type != JTokenType.String)
        {
            result.Fail("The metadata has no string 'resource' member (REQUIRED by RFC 9728 §2).");
            return;
        }

        string value = (string)resource!;
        result.Evidence("resource", value);
        if (string.Equals(value, serverUrl, StringComparison.Ordinal))
        {
            return;
        }

        if (string.Equals(value.TrimEnd('/'), serverUrl.TrimEnd('/'), StringComparison.Ordinal))
        {
            result.Fail($"'resource' is '{value}' but the MCP server URL is '{serverUrl}': they differ only by a trailing slash, and MCP SDK clients reject the metadata (RFC 9728 §3.3 requires identical strings).");
        }
        else
        {
            result.Fail($"'resource' is '{value}' but the MCP server URL is '{serverUrl}'; RFC 9728 §3.3 requires them to be identical, so clients must not use this metadata.");
        }
    }

    private static void JudgeAuthorizationServers(AuditContext context, JObject prm, ResultBuilder result)
    {
        JToken? servers = prm["authorization_servers"];
        if (servers is not JArray list || list.Count == 0)
        {
            result.Fail("'authorization_servers' is missing or empty; MCP requires at least one authorization server in the metadata.");
            return;
        }

        Uri? environment = context.Configuration.EnvironmentUrl is string env && Uri.TryCreate(env, UriKind.Absolute, out Uri? parsed) ? parsed : null;
        result.Evidence("authorization_servers", string.Join(", ", list.Select(s => s.ToString(Newtonsoft.Json.Formatting.None))));
        foreach (JToken entry in list)
        {
            if (entry.Type != JTokenType.String)
            {
                result.Fail($"'authorization_servers' holds {entry.ToString(Newtonsoft.Json.Formatting.None)}, which is not a URL string.");
                continue;
            }

            string value = (string)entry!;
            if (HasDoubledScheme(value))
            {
                result.Fail($"The authorization server '{value}' has a doubled scheme (https://https://…), typically from filling the template with an environment URL that already includes https://.");
                continue;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? issuer) || issuer.Scheme is not ("https" or "http"))
            {
                result.Fail($"The authorization server '{value}' is not an absolute URL; clients cannot build its metadata URL.");
                continue;
            }

            if (issuer.Scheme != Uri.UriSchemeHttps)
            {
                result.Fail($"The authorization server '{value}' is plain http; MCP requires https for every authorization server endpoint.");
            }

            if (environment is null)
            {
                result.Evidence("Authorization server host", "not compared: Environment.Url is not configured");
            }
            else if (!string.Equals(issuer.Authority, environment.Authority, StringComparison.OrdinalIgnoreCase))
            {
                result.Fail($"The authorization server '{value}' is on {issuer.Authority}, not on the environment's host {environment.Authority}: clients would be sent to a foreign authorization server.");
            }
        }
    }

    private static bool HasDoubledScheme(string value)
    {
        string lower = value.ToLowerInvariant();
        int scheme = lower.IndexOf("://", StringComparison.Ordinal);
        return scheme >= 0 && (lower.IndexOf("https://", scheme + 3, StringComparison.Ordinal) == scheme + 3
            || lower.IndexOf("http://", scheme + 3, StringComparison.Ordinal) == scheme + 3
            || lower.IndexOf("https//", scheme + 3, StringComparison.Ordinal) == scheme + 3);
    }

    private static void JudgeBearerMethods(JObject prm, ResultBuilder result)
    {
        if (prm["bearer_methods_supported"] is not JToken methods || JsonDocumentReader.IsZeroValue(methods))
        {
            return; // absent is fine; empty is reported by the zero-value rule
        }

        string[] values = methods is JArray array ? array.Where(m => m.Type == JTokenType.String).Select(m => (string)m!).ToArray() : Array.Empty<string>();
        result.Evidence("bearer_methods_supported", methods.ToString(Newtonsoft.Json.Formatting.None));
        if (!values.Contains("header", StringComparer.Ordinal))
        {
            result.Fail("'bearer_methods_supported' does not contain \"header\": MCP clients send the token only in the Authorization header.");
        }

        if (values.Contains("query", StringComparer.Ordinal))
        {
            result.Fail("'bearer_methods_supported' allows \"query\": tokens in URLs end up in logs, proxies and browser history (MCP forbids tokens in the query string).");
        }
    }

    private static void JudgeZeroValues(JObject prm, ResultBuilder result)
    {
        foreach (JProperty member in prm.Properties())
        {
            // An empty authorization_servers list has its own, sharper reason.
            if (member.Name != "authorization_servers" && JsonDocumentReader.IsZeroValue(member.Value))
            {
                result.Fail($"The member '{member.Name}' is {member.Value.ToString(Newtonsoft.Json.Formatting.None)}: RFC 9728 §3.2 says members with zero values MUST be omitted (clients read an empty scopes_supported as \"no scopes\").");
            }
        }
    }

    private static void JudgeScopes(JObject prm, ResultBuilder result)
    {
        if (prm["scopes_supported"] is JArray scopes && scopes.Any(s => s.Type == JTokenType.String && (string)s! == "offline_access"))
        {
            result.Warn("'scopes_supported' advertises offline_access; MCP 2026-07-28 says servers SHOULD NOT, since clients would then ask every user for long-lived refresh tokens.");
        }
    }

    private static string Excerpt(string text) => text.Length <= 2000 ? text : text.Substring(0, 2000) + "…";
}
