using System;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Mcp;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>The start the session-handling MCP checks share: the run's MCP token (SK-MCP-040), then the server opened with it.</summary>
internal static class McpOpening
{
    /// <summary>
    /// Gets the run's MCP access token and opens <paramref name="server"/> with it, recording the era found; null, with
    /// the failure recorded on <paramref name="result"/>, when no token could be obtained.
    /// </summary>
    public static async Task<(string AccessToken, McpClient Client, McpEraDetection Opened)?> OpenWithTokenAsync(
        AuditContext context, Uri server, ResultBuilder result, CancellationToken cancellationToken)
    {
        McpTokenResult token = await context.McpTokens.GetAsync(context, result, cancellationToken).ConfigureAwait(false);
        if (!token.Succeeded || token.AccessToken is null)
        {
            result.Fail("No access token for the MCP server could be obtained (see SK-MCP-040): " + token.Problem);
            return null;
        }

        var client = new McpClient(context.Probe, server, token.AccessToken);
        McpEraDetection opened = await client.OpenAsync(cancellationToken).ConfigureAwait(false);
        result.Evidence("Protocol era", opened.Era + ": " + opened.Explanation);
        return (token.AccessToken, client, opened);
    }
}
