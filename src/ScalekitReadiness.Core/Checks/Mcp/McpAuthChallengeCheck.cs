using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>
/// SK-MCP-001: an MCP request without a token is refused with 401 and a Bearer challenge whose
/// <c>resource_metadata</c> tells the client where to start the OAuth flow.
/// </summary>
internal sealed class McpAuthChallengeCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-MCP-001";

    public McpAuthChallengeCheck()
        : base(new CheckDefinition(
            CheckId,
            "Unauthenticated MCP requests are challenged",
            CheckSection.McpAuthentication,
            Severity.Critical,
            Safety.Active,
            "POSTs an initialize and a 2026-07-28 server/discover without a token: each must be answered 401 with WWW-Authenticate: Bearer carrying resource_metadata=\"<absolute https URL>\" (relative → Warning; missing → Failed unless the metadata is at a well-known URL, then Warning; scope=\"…\" is reported). A 2xx means the server is open. A GET without a token must get 401 or 405.",
            "Put the bearer-token middleware in front of every method of the MCP endpoint (POST, GET, DELETE), and answer a missing or invalid token with 401 and WWW-Authenticate: Bearer resource_metadata=\"https://<mcp-host>/.well-known/oauth-protected-resource<mcp-path>\", scope=\"<scopes>\" (an absolute https URL; add error=\"invalid_token\" when a token was sent). Scalekit's quickstart middleware does this; keep it exempt only for the /.well-known routes.",
            new[] { "Mcp.ServerUrl" },
            new[]
            {
                "MCP specification 2025-11-25, Authorization: Protected Resource Metadata Discovery Requirements",
                "RFC 9728 §5.1 (WWW-Authenticate resource_metadata), RFC 6750 §3",
                "Scalekit: authenticate/mcp/quickstart (steps 4-5)",
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
        var client = new McpClient(context.Probe, server);

        McpResponse initialize = await client.InitializeAsync(cancellationToken).ConfigureAwait(false);
        McpResponse discover = await client.DiscoverAsync(cancellationToken).ConfigureAwait(false);
        var challenged = new List<McpResponse>();
        foreach (McpResponse response in new[] { initialize, discover })
        {
            result.Evidence(response.Method, response.Summary);
            if (response.IsSuccess)
            {
                result.Fail($"{response.Method} without a token was answered {response.StatusCode}: the MCP server is open to anyone on the network.");
            }
            else if (response.StatusCode == 401)
            {
                challenged.Add(response);
            }
            else if (response == initialize)
            {
                result.Fail($"initialize without a token was answered {response.StatusCode}, not 401: MCP clients start the OAuth flow only from a 401 with a Bearer challenge.");
            }
        }

        foreach (McpResponse response in challenged)
        {
            await JudgeChallengeAsync(context, server, response, result, cancellationToken).ConfigureAwait(false);
        }

        McpResponse get = await client.GetAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("GET", get.Summary);
        if (get.StatusCode is not (401 or 405))
        {
            result.Fail($"GET on the MCP endpoint without a token was answered {get.StatusCode}; it must be 401 (or 405 when the server offers no GET stream).");
        }

        return new[] { result.Build($"Requests without a token are refused with 401 and a Bearer challenge pointing at {Challenged(challenged)}.") };
    }

    private static async Task JudgeChallengeAsync(AuditContext context, Uri server, McpResponse response, ResultBuilder result, CancellationToken cancellationToken)
    {
        AuthChallenge? bearer = response.BearerChallenge;
        string header = string.Join(" | ", response.Http.HeaderValues("WWW-Authenticate"));
        result.Evidence(response.Method + " WWW-Authenticate", header.Length == 0 ? "(absent)" : header);
        if (bearer is null)
        {
            result.Fail(header.Length == 0
                ? $"The 401 to {response.Method} has no WWW-Authenticate header: clients cannot tell that OAuth is required or where to find the metadata."
                : $"The 401 to {response.Method} has no Bearer challenge (WWW-Authenticate: {header}).");
            return;
        }

        result.Evidence(response.Method + " scope", bearer["scope"] is string scope ? scope : "(absent; RFC 6750 §3 and MCP recommend scope=\"…\" so clients ask for the right scopes)");
        string? metadata = bearer["resource_metadata"];
        if (string.IsNullOrEmpty(metadata))
        {
            Uri? wellKnown = await FindWellKnownMetadataAsync(context, server, result, cancellationToken).ConfigureAwait(false);
            if (wellKnown is null)
            {
                result.Fail($"The Bearer challenge to {response.Method} has no resource_metadata, and no protected resource metadata answers at the well-known URLs: MCP clients cannot discover the authorization server.");
            }
            else
            {
                result.Warn($"The Bearer challenge to {response.Method} has no resource_metadata; clients fall back to the well-known URL {wellKnown}, which answers, but the 2025-06-18 clients require the header.");
            }

            return;
        }

        if (!Uri.TryCreate(metadata, UriKind.Absolute, out Uri? url) || url.Scheme is not ("https" or "http"))
        {
            result.Warn($"resource_metadata=\"{metadata}\" is not an absolute URL; RFC 9728 defines it as a URL, and clients that do not resolve it against the request cannot find the metadata.");
        }
        else if (url.Scheme != Uri.UriSchemeHttps)
        {
            result.Fail($"resource_metadata=\"{metadata}\" is plain http: the metadata that tells clients where to send users can be altered in transit.");
        }
    }

    private static async Task<Uri?> FindWellKnownMetadataAsync(AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        foreach (bool pathAware in new[] { true, false })
        {
            Uri url = ProtectedResourceMetadataCheck.WellKnownUrl(server, pathAware);
            ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(url).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
            result.Evidence("Well-known metadata", response.Exchange.Summary);
            if (response.StatusCode == 200)
            {
                return url;
            }
        }

        return null;
    }

    private static string Challenged(List<McpResponse> challenged) =>
        challenged.Count == 0 ? "(none)" : challenged[0].BearerChallenge?["resource_metadata"] ?? "(no resource_metadata)";
}
