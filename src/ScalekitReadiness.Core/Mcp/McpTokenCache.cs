using System;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;

namespace ScalekitReadiness.Mcp;

/// <summary>One MCP access token per run, minted with the configured MCP M2M client and reused by every MCP check that needs one.</summary>
internal sealed class McpTokenCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private McpTokenResult? _token;

    /// <summary>Returns the configuration key a token needs and cannot find, or null.</summary>
    public static string? MissingClient(AuditContext context) =>
        context.Configuration.McpServerUrl is null ? "Mcp.ServerUrl"
        : context.Configuration.Mcp.AccessToken is not null ? null
        : context.Configuration.Mcp.ClientId is null ? "Mcp.ClientId"
        : context.Configuration.Mcp.ClientSecret is null ? "Mcp.ClientSecretEnv"
        : null;

    /// <summary>Keeps a token that a check minted (SK-MCP-040) for the others.</summary>
    public void Store(McpTokenResult token)
    {
        if (token.Succeeded)
        {
            _token = token;
        }
    }

    /// <summary>Returns the run's token, minting it on first use (only with <see cref="MissingClient"/> null).</summary>
    public async Task<McpTokenResult> GetAsync(AuditContext context, ResultBuilder result, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } cached)
            {
                result.Evidence("Access token", "minted earlier in this run at " + cached.TokenEndpoint.GetLeftPart(UriPartial.Path));
                return cached;
            }

            McpTokenResult minted = await MintAsync(context, result, cancellationToken).ConfigureAwait(false);
            Store(minted);
            return minted;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Mints a fresh token: client_credentials with resource=&lt;server URL&gt; at the resource's token endpoint.</summary>
    public static async Task<McpTokenResult> MintAsync(AuditContext context, ResultBuilder result, CancellationToken cancellationToken)
    {
        var server = new Uri(context.Configuration.McpServerUrl!);
        if (context.Configuration.Mcp.AccessToken is string given)
        {
            // A token obtained elsewhere (e.g. through a user's authorization code flow) stands in for minting.
            result.Evidence("Access token", "the access token given (-AccessToken)");
            return new McpTokenResult(server, null, null, given, null);
        }

        (Uri? tokenEndpoint, _, string source, string? scope) = await McpDiscovery.FindTokenEndpointAsync(context, server, result, cancellationToken).ConfigureAwait(false);
        if (tokenEndpoint is null)
        {
            return McpTokenResult.Refused(server, "No token endpoint is known: the protected resource metadata names no usable authorization server and Environment.Url is not configured.");
        }

        result.Evidence("Token endpoint", tokenEndpoint.GetLeftPart(UriPartial.Path) + " (from " + source + ")");
        McpTokenResult token = await McpTokenClient.RequestAsync(
            context.Probe, tokenEndpoint, context.Configuration.Mcp.ClientId!, context.Configuration.Mcp.ClientSecret!, context.Configuration.McpServerUrl, scope, cancellationToken).ConfigureAwait(false);
        if (token.Response is not null)
        {
            result.Evidence("Token request", token.Response.Exchange.Summary);
        }

        return token;
    }
}
