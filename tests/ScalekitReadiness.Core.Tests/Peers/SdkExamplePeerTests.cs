using System;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
using Xunit;

namespace ScalekitReadiness.Tests.Peers;

public sealed class SdkExamplePeerTests
{
    [Fact]
    public async Task ATokenFromItsOwnAuthorizationServerInitializesTheMcpEndpoint()
    {
        await using SdkExamplePeer sdk = await SdkExamplePeer.StartAsync();

        SdkExampleToken token = await sdk.GetTokenAsync();

        Assert.Equal(200, token.TokenStatus);
        Assert.Equal("mcp:tools", token.TokenResponse.GetProperty("scope").GetString());
        Assert.Equal(200, (await InitializeAsync(sdk.McpUrl, token.AccessToken!)).StatusCode);
        Assert.Equal(401, (await InitializeAsync(sdk.McpUrl, bearer: null)).StatusCode);
    }

    [Fact]
    public async Task StrictModeMintsOnlyForItsResource()
    {
        await using SdkExamplePeer sdk = await SdkExamplePeer.StartAsync(strict: true);

        SdkExampleToken withResource = await sdk.GetTokenAsync();
        SdkExampleToken withoutResource = await sdk.GetTokenAsync(resource: string.Empty);

        ProbeResponse initialize = await InitializeAsync(sdk.McpUrl, withResource.AccessToken!);
        Assert.Equal(200, initialize.StatusCode);
        Assert.Equal("text/event-stream", initialize.MediaType);
        Assert.False(string.IsNullOrEmpty(initialize.Header("mcp-session-id")));
        // The SDK's real behaviour (real-servers.md §1): a refusal to mint is a 500, not an OAuth error.
        Assert.Equal(500, withoutResource.TokenStatus);
        Assert.Null(withoutResource.AccessToken);
    }

    /// <summary>An MCP initialize POST, with the bearer token when one is given.</summary>
    internal static async Task<ProbeResponse> InitializeAsync(string mcpUrl, string? bearer, string? caPath = null)
    {
        using ProbeClient probe = PeerHttp.Probe(caPath, mcpUrl);
        ProbeRequest request = McpRequests.Initialize(new Uri(mcpUrl));
        if (bearer is not null)
        {
            request.CarriesCredential = true;
            request.WithHeader("Authorization", "Bearer " + bearer);
        }

        return await probe.SendAsync(request, CancellationToken.None);
    }
}
