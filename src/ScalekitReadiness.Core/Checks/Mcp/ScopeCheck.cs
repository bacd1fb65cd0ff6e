using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-090: scopes are enforced per tool and per resource. With Mcp.ToolScopes it lists the tools (every tool
/// should have declared scopes, every scope should be in the PRM's scopes_supported) and, with a token of the limited
/// client, calls ONLY the tools of Mcp.SafeToInvoke whose scope that token lacks, and reads the resources of
/// Mcp.ResourceScopes whose scope it lacks: each must be refused with 403 and an insufficient_scope challenge.
/// </summary>
internal sealed class ScopeCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-090";

    public ScopeCheck()
        : base(new CheckDefinition(
            CheckId,
            "Scopes are enforced per tool and resource",
            CheckSection.McpAuthentication,
            Severity.Critical,
            Safety.StateChanging,
            "Mints tokens (client_credentials with resource) for the MCP client and the limited client, lists the tools (a listed tool without declared scopes, or a scope missing from the PRM's scopes_supported, is a Warning), then with the limited token calls only the tools of Mcp.SafeToInvoke that need a scope it lacks, and reads the resources of Mcp.ResourceScopes that need one. Each must get 403 with WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"…\" (401, a refusal without the challenge, or an in-band JSON-RPC refusal is a Warning: clients cannot step up); a tool that runs is Critical. Tools not in Mcp.SafeToInvoke are never called.",
            "Check the scopes of every tools/call and resources/read against the tool or resource, not only at connection time, and refuse a missing scope with HTTP 403 and WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"<every scope the operation needs>\", resource_metadata=\"<PRM URL>\". Do not answer 401 (the client re-authorizes with the same scopes and loops) and do not return the refusal as a tool result or a JSON body without the header (Scalekit's quickstart does): MCP clients step up only from the 403 challenge. Declare a scope for every tool and list every scope in the PRM's scopes_supported.",
            new[] { "Mcp.ServerUrl", "Mcp.ToolScopes", "Mcp.LimitedClient", "Environment.Url" },
            new[]
            {
                "MCP specification 2025-11-25, Authorization: Scope Challenge Handling, Error Handling",
                "RFC 6750 §3.1 (insufficient_scope)",
                "Scalekit: authenticate/mcp/quickstart (validate scopes per tool)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context)
    {
        Configuration.AuditConfiguration configuration = context.Configuration;
        return configuration.McpServerUrl is null ? "Mcp.ServerUrl"
            : configuration.Mcp.ToolScopes.Count == 0 ? "Mcp.ToolScopes"
            : configuration.EnvironmentUrl is null ? "Environment.Url"
            : configuration.Mcp.LimitedClientId is null ? "Mcp.LimitedClient.ClientId"
            : McpSecrets.LimitedClientSecret(configuration.Mcp) is null ? "Mcp.LimitedClient.ClientSecretEnv"
            : null;
    }

    public string? DefaultTarget(AuditContext context) => context.Configuration.McpServerUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        Configuration.McpSettings mcp = context.Configuration.Mcp;
        string serverUrl = context.Configuration.McpServerUrl!;
        var server = new Uri(serverUrl);
        ResultBuilder result = context.StartResult(Definition, serverUrl);
        // The token endpoint the server's authorization server publishes (Scalekit's <env>/oauth/token without metadata).
        (Uri? tokenEndpoint, _, string source, _) = await McpDiscovery.FindTokenEndpointAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        result.Evidence("Token endpoint", tokenEndpoint is null ? "none" : tokenEndpoint.GetLeftPart(UriPartial.Path) + " (from " + source + ")");
        if (tokenEndpoint is null)
        {
            return new[] { result.Error("No token endpoint is known: the protected resource metadata names no usable authorization server and Environment.Url is not configured.") };
        }

        McpTokenResult limited = await McpTokenClient.RequestAsync(
            context.Probe, tokenEndpoint, mcp.LimitedClientId!, McpSecrets.LimitedClientSecret(mcp)!, serverUrl, null, cancellationToken).ConfigureAwait(false);
        result.Evidence("Limited token", limited.Response?.Exchange.Summary ?? limited.Problem ?? string.Empty);
        if (!limited.Succeeded)
        {
            return new[] { result.Error($"No token for the limited client {mcp.LimitedClientId}: {limited.Problem} Check Mcp.LimitedClient and its secret.") };
        }

        HashSet<string> granted = GrantedScopes(limited);
        result.Evidence("Limited scopes", granted.Count == 0 ? "(none)" : string.Join(" ", granted.OrderBy(s => s, StringComparer.Ordinal)));

        string listingToken = limited.AccessToken!;
        string? fullSecret = McpSecrets.ClientSecret(mcp);
        if (mcp.ClientId is not null && fullSecret is not null)
        {
            McpTokenResult full = await McpTokenClient.RequestAsync(context.Probe, tokenEndpoint, mcp.ClientId, fullSecret, serverUrl, null, cancellationToken).ConfigureAwait(false);
            result.Evidence("Client token", full.Response?.Exchange.Summary ?? full.Problem ?? string.Empty);
            if (full.Succeeded)
            {
                listingToken = full.AccessToken!;
            }
        }

        var lister = new McpClient(context.Probe, server, listingToken);
        McpEraDetection opened = await lister.OpenAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("Era", opened.Era + ": " + opened.Explanation);
        McpResponse list = await lister.ListToolsAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("tools/list", list.Summary);
        string[] tools = list.Result?["tools"] is JArray listed
            ? listed.Select(t => t?["name"]?.Type == JTokenType.String ? (string)t["name"]! : null).Where(n => n is not null).Select(n => n!).ToArray()
            : Array.Empty<string>();
        if (!list.HasResult)
        {
            result.Fail($"tools/list did not answer with a result ({list.StatusCode}): the tools and their scopes cannot be checked.");
        }

        result.Evidence("Tools", tools.Length == 0 ? "(none)" : string.Join(", ", tools));
        string[] unmapped = tools.Where(t => !mcp.ToolScopes.ContainsKey(t)).ToArray();
        if (unmapped.Length > 0)
        {
            result.Warn($"Listed tools without declared scopes in Mcp.ToolScopes: {string.Join(", ", unmapped)}. Declare the scopes each tool needs, so the audit (and your reviewers) can see every tool is guarded.");
        }

        HashSet<string>? supported = await ScopesSupportedAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        if (supported is not null)
        {
            string[] undeclared = mcp.ToolScopes.Values.Concat(mcp.ResourceScopes.Values).SelectMany(s => s).Distinct(StringComparer.Ordinal)
                .Where(s => !supported.Contains(s)).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            if (undeclared.Length > 0)
            {
                result.Warn($"Scopes used by tools or resources are missing from the PRM's scopes_supported: {string.Join(", ", undeclared)}. Clients that take their scopes from the metadata never ask for them.");
            }
        }

        var caller = new McpClient(context.Probe, server, limited.AccessToken);
        McpEraDetection callerOpened = await caller.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (callerOpened.Era == McpEra.Unknown)
        {
            result.Fail($"The limited client's token did not open a connection ({callerOpened.Explanation}); a valid token with fewer scopes must still connect.");
            return new[] { result.Build(string.Empty) };
        }

        int probed = 0;
        foreach (KeyValuePair<string, string> safe in mcp.SafeToInvoke.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string tool = safe.Key;
            string? skip = !tools.Contains(tool, StringComparer.Ordinal) ? "not listed by the server; not called"
                : !mcp.ToolScopes.TryGetValue(tool, out IList<string>? needed) || needed.Count == 0 ? "no scopes declared in Mcp.ToolScopes; not called"
                : needed.All(granted.Contains) ? "the limited client holds " + string.Join(" ", needed) + "; not called"
                : null;
            if (skip is not null)
            {
                result.Evidence("tool " + tool, skip);
                continue;
            }

            JObject arguments = JsonDocumentReader.TryParse(safe.Value, out _) as JObject ?? new JObject();
            McpResponse answer = await caller.CallToolAsync(tool, arguments, cancellationToken).ConfigureAwait(false);
            probed++;
            result.Evidence("tool " + tool, answer.Summary + Challenge(answer));
            Judge(result, "The tool " + tool, answer, mcp.ToolScopes[tool]);
        }

        foreach (KeyValuePair<string, IList<string>> resource in mcp.ResourceScopes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (resource.Value.Count == 0 || resource.Value.All(granted.Contains))
            {
                result.Evidence("resource " + resource.Key, "the limited client holds every scope it needs; not read");
                continue;
            }

            McpResponse answer = await caller.ReadResourceAsync(resource.Key, cancellationToken).ConfigureAwait(false);
            probed++;
            result.Evidence("resource " + resource.Key, answer.Summary + Challenge(answer));
            Judge(result, "The resource " + resource.Key, answer, resource.Value);
        }

        if (probed == 0)
        {
            result.Warn("Nothing was called with the limited token: no tool of Mcp.SafeToInvoke (nor resource of Mcp.ResourceScopes) needs a scope the limited client lacks, so per-tool enforcement was not tested. Mark a tool that needs a scope the limited client does not have as safe to invoke.");
        }

        return new[]
        {
            result.Build($"Every tool and resource called without its scope was refused with 403 and an insufficient_scope challenge ({probed.ToString(CultureInfo.InvariantCulture)} calls; only tools marked safe were called)."),
        };
    }

    private static void Judge(ResultBuilder result, string subject, McpResponse answer, IList<string> needed)
    {
        AuthChallenge? bearer = answer.BearerChallenge;
        bool insufficient = string.Equals(bearer?["error"], "insufficient_scope", StringComparison.Ordinal);
        if (answer.StatusCode == 403 && insufficient)
        {
            if (string.IsNullOrEmpty(bearer!["scope"]))
            {
                result.Warn($"{subject} was refused with 403 and insufficient_scope but the challenge names no scope: clients cannot know what to ask for ({string.Join(" ", needed)}).");
            }

            return;
        }

        if (answer.StatusCode == 401)
        {
            result.Warn($"{subject} was refused with 401 for a missing scope: the token is valid, so clients re-authorize with the same scopes and loop. Answer 403 with error=\"insufficient_scope\".");
        }
        else if (answer.StatusCode == 403)
        {
            result.Warn($"{subject} was refused with 403 but without a WWW-Authenticate: Bearer error=\"insufficient_scope\" challenge: clients cannot step up to the scope they need.");
        }
        else if (answer.IsSuccess && answer.Result is JObject toolResult && !(toolResult["isError"]?.Type == JTokenType.Boolean && toolResult["isError"]!.Value<bool>()))
        {
            result.Fail($"{subject} ran with a token that lacks {string.Join(" ", needed)} (HTTP {answer.StatusCode} with a result): the server does not enforce the scope.");
        }
        else if (answer.IsSuccess)
        {
            result.Warn($"{subject} was refused inside the JSON-RPC answer (HTTP {answer.StatusCode}), not with 403 and an insufficient_scope challenge: clients cannot step up.");
        }
        else
        {
            result.Fail($"{subject} was answered {answer.StatusCode} for a token without {string.Join(" ", needed)}; expected 403 with an insufficient_scope challenge.");
        }
    }

    private static string Challenge(McpResponse answer) =>
        answer.BearerChallenge is AuthChallenge bearer
            ? "; challenge error=" + (bearer["error"] ?? "(none)") + ", scope=" + (bearer["scope"] ?? "(none)")
            : "; no Bearer challenge";

    /// <summary>The scopes of the token: its scope string or scopes array, else the token response's scope.</summary>
    private static HashSet<string> GrantedScopes(McpTokenResult token)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var jwt = new JsonWebToken(token.AccessToken);
            if (jwt.TryGetPayloadValue("scope", out string? scope) && scope is not null)
            {
                scopes.UnionWith(scope.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
                return scopes;
            }

            if (jwt.TryGetPayloadValue("scopes", out string[]? array) && array is not null)
            {
                scopes.UnionWith(array);
                return scopes;
            }
        }
        catch (ArgumentException)
        {
            // An opaque token: the token response's scope is all there is.
        }

        if (token.Body?["scope"]?.Type == JTokenType.String)
        {
            scopes.UnionWith(((string)token.Body["scope"]!).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
        }

        return scopes;
    }

    /// <summary>The PRM's scopes_supported (path-aware, then root well-known URL), or null when no PRM answered.</summary>
    private static async Task<HashSet<string>?> ScopesSupportedAsync(AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        if (await McpDiscovery.FetchWellKnownProtectedResourceMetadataAsync(context, server, cancellationToken).ConfigureAwait(false) is (ProbeResponse prmResponse, JObject prmDocument))
        {
            string[] scopes = prmDocument["scopes_supported"] is JArray array
                ? array.Where(s => s.Type == JTokenType.String).Select(s => (string)s!).ToArray()
                : Array.Empty<string>();
            result.Evidence("scopes_supported", prmResponse.Exchange.Url + ": " + (scopes.Length == 0 ? "(none)" : string.Join(" ", scopes)));
            return new HashSet<string>(scopes, StringComparer.Ordinal);
        }

        result.Evidence("scopes_supported", "no protected resource metadata answered (see SK-MCP-010)");
        return null;
    }
}
