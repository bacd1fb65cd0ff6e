using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ScopeCheckTests
{
    private const string Id = ScopeCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPassesAndNeverCallsAToolNotMarkedSafe()
    {
        await using Deployment deployment = await TestSupport.StartAsync();

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal("Every tool and resource called without its scope was refused with 403 and an insufficient_scope challenge (2 calls; only tools marked safe were called).", result.Message);
        Assert.Equal("todo:read", Evidence(result, "Limited scopes"));
        Assert.Equal("todo.list, todo.add, todo.delete", Evidence(result, "Tools"));
        Assert.Contains("challenge error=insufficient_scope, scope=todo:write", Evidence(result, "tool todo.add"));
        Assert.Equal("the limited client holds every scope it needs; not read", Evidence(result, "resource todo://items"));
        Assert.DoesNotContain(result.Evidence, e => e.Name == "tool todo.delete");

        // The server's call log: only the safe tool and the resource, by the limited client, both refused; todo.delete never.
        Assert.Equal(
            new[] { "tools/call todo.add by m2m_71023566987654321 (refused)", "resources/read todo://drafts by m2m_71023566987654321 (refused)" },
            deployment.McpCalls.Select(call => call.ToString()));
        Assert.DoesNotContain(deployment.McpCalls, call => call.Name == "todo.delete");
    }

    [Fact]
    public async Task ModernEraServerPassesToo()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpModernEra);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith("Modern", Evidence(result, "Era"));
    }

    [Theory]
    [InlineData(Faults.McpToolRunsWithoutScope, CheckStatus.Failed, "The tool todo.add ran with a token that lacks todo:write")]
    [InlineData(Faults.McpResourceReadWithoutScope, CheckStatus.Failed, "The resource todo://drafts ran with a token that lacks todo:write")]
    [InlineData(Faults.McpInsufficientScope401, CheckStatus.Warning, "The tool todo.add was refused with 401 for a missing scope")]
    [InlineData(Faults.McpInsufficientScopeNoChallenge, CheckStatus.Warning, "The tool todo.add was refused with 403 but without a WWW-Authenticate")]
    [InlineData(Faults.McpExtraTool, CheckStatus.Warning, "Listed tools without declared scopes in Mcp.ToolScopes: todo.export")]
    public async Task EachFaultGivesItsOwnReason(string fault, CheckStatus status, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(status, result.Status);
        string[] matching = result.Reasons.Where(r => r.Contains(reason, System.StringComparison.Ordinal)).ToArray();
        Assert.True(matching.Length == 1, string.Join(" | ", result.Reasons));
        if (fault is Faults.McpInsufficientScope401 or Faults.McpInsufficientScopeNoChallenge)
        {
            // The resource read gets the same answer: one reason each, nothing else.
            Assert.Equal(2, result.Reasons.Count);
        }
        else
        {
            Assert.Single(result.Reasons);
        }

        Assert.DoesNotContain(deployment.McpCalls, call => call.Name is "todo.delete" or "todo.export");
    }

    [Fact]
    public async Task AScopeMissingFromScopesSupportedIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment);
        configuration.Mcp.ToolScopes["todo.delete"] = new List<string> { "todo:admin" };

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith("Scopes used by tools or resources are missing from the PRM's scopes_supported: todo:admin.", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WhenTheLimitedClientHoldsEveryScopeNothingIsCalledAndThatIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment);
        configuration.Mcp.SafeToInvoke.Remove("todo.add");
        configuration.Mcp.SafeToInvoke["todo.list"] = "{}";
        configuration.Mcp.ResourceScopes.Remove("todo://drafts");

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith("Nothing was called with the limited token", Assert.Single(result.Reasons));
        Assert.Empty(deployment.McpCalls);
    }

    [Fact]
    public async Task WithoutStateChangeItDoesNotRun()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment);
        configuration.AllowStateChange = false;

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.RequiresStateChange, result.NotRunReason);
        Assert.Equal(0, deployment.McpTokensIssued);
    }

    internal static AuditConfiguration Configuration(Deployment deployment)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.AllowStateChange = true;
        McpSettings mcp = configuration.Mcp;
        mcp.ResourceId = deployment.ResourceId;
        mcp.ClientId = deployment.McpClientId;
        mcp.ClientSecret = deployment.McpClientSecret;
        mcp.LimitedClientId = deployment.LimitedMcpClientId;
        mcp.LimitedClientSecret = deployment.LimitedMcpClientSecret;
        mcp.ToolScopes["todo.list"] = new List<string> { "todo:read" };
        mcp.ToolScopes["todo.add"] = new List<string> { "todo:write" };
        mcp.ToolScopes["todo.delete"] = new List<string> { "todo:write" };
        mcp.ResourceScopes["todo://items"] = new List<string> { "todo:read" };
        mcp.ResourceScopes["todo://drafts"] = new List<string> { "todo:write" };
        mcp.SafeToInvoke["todo.add"] = "{\"title\":\"readiness probe\"}";
        return configuration;
    }

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.First(e => e.Name == name).Value;
}
