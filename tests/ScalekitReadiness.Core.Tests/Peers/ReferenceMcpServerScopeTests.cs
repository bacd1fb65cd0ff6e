using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using Xunit;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>SK-MCP-090 against the clean reference: the official C# MCP SDK server protected by oidc-provider.</summary>
public sealed class ReferenceMcpServerScopeTests : IClassFixture<ReferenceMcpServerFixture>
{
    private readonly OidcProviderPeer _provider;
    private readonly ReferenceMcpServerPeer _server;

    public ReferenceMcpServerScopeTests(ReferenceMcpServerFixture fixture)
    {
        _provider = fixture.Provider;
        _server = fixture.Server;
    }

    [Fact]
    public async Task TheReferenceServerPassesAndRefusesTheLimitedClientTheAdminTool()
    {
        CheckResult result = await TestSupport.RunSingleAsync(ScopeCheck.CheckId, Configuration());

        Assert.True(result.Status == CheckStatus.Passed, string.Join("; ", result.Reasons));
        Assert.Empty(result.Reasons);
        Assert.Equal("Every tool and resource called without its scope was refused with 403 and an insufficient_scope challenge (1 calls; only tools marked safe were called).", result.Message);
        Assert.Equal(_provider.Issuer + "/token (from the metadata of " + _provider.Issuer + ")", TestSupport.Evidence(result, "Token endpoint"));
        Assert.Equal("mcp:tools", TestSupport.Evidence(result, "Limited scopes"));
        Assert.Equal(new[] { "admin_reset", "whoami" }, TestSupport.Evidence(result, "Tools").Split(", ").OrderBy(t => t, System.StringComparer.Ordinal));
        Assert.Equal("the limited client holds mcp:tools; not called", TestSupport.Evidence(result, "tool whoami"));
        string refusal = TestSupport.Evidence(result, "tool admin_reset");
        Assert.Contains("403", refusal);
        Assert.EndsWith("; challenge error=insufficient_scope, scope=mcp:tools mcp:admin", refusal);
    }

    private AuditConfiguration Configuration()
    {
        var configuration = new AuditConfiguration
        {
            McpServerUrl = _server.McpUrl,
            EnvironmentUrl = "https://localhost:" + _provider.Port,
            AllowStateChange = true,
        };
        configuration.Network.TrustedCaPath = _server.CaPath;
        configuration.Network.MaxRequestsPerSecond = 0;
        McpSettings mcp = configuration.Mcp;
        mcp.ClientId = OidcProviderPeer.M2mClientId;
        mcp.ClientSecret = OidcProviderPeer.M2mClientSecret;
        mcp.LimitedClientId = OidcProviderPeer.LimitedClientId;
        mcp.LimitedClientSecret = OidcProviderPeer.LimitedClientSecret;
        mcp.ToolScopes["whoami"] = new List<string> { "mcp:tools" };
        mcp.ToolScopes["admin_reset"] = new List<string> { "mcp:admin" };
        // admin_reset changes nothing in the reference server (Tools.cs), so it is safe to call.
        mcp.SafeToInvoke["whoami"] = "{}";
        mcp.SafeToInvoke["admin_reset"] = "{}";
        return configuration;
    }
}
