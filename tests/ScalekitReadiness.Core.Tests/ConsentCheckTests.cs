using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ConsentCheckTests
{
    private const string Id = ConsentCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal(deployment.EnvironmentUrlString + "/oauth/consent", Evidence(result, "Consent page"));
        Assert.Equal("X-Frame-Options: DENY; CSP frame-ancestors 'none'", Evidence(result, "Framing"));
        Assert.Contains("/resources/" + deployment.ResourceId + "/oauth/authorize?", Evidence(result, "Authorization request"));
    }

    [Theory]
    [InlineData(Faults.ConsentFrameable, CheckStatus.Failed, "The consent page can be framed by any site")]
    [InlineData(Faults.ConsentHttp, CheckStatus.Failed, "leads to a page over plain http")]
    [InlineData(Faults.ConsentAuthorizeRejects, CheckStatus.Failed, "refused the MCP client's authorization request: it redirected back with error=invalid_target")]
    [InlineData(Faults.ConsentForeignHost, CheckStatus.Warning, "The consent page is on 127.0.0.2, not on the environment's domain localhost")]
    [InlineData(Faults.ConsentCoopSameOrigin, CheckStatus.Warning, "Cross-Origin-Opener-Policy: same-origin")]
    public async Task EachFaultGivesItsOwnReason(string fault, CheckStatus status, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(status, result.Status);
        Assert.True(result.Reasons.Count == 1 && result.Reasons[0].Contains(reason, System.StringComparison.Ordinal), string.Join(" | ", result.Reasons));
    }

    [Fact]
    public async Task WithoutAnMcpClientIdItIsNotRun()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment);
        configuration.Mcp.ClientId = null;

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
    }

    private static AuditConfiguration Configuration(Deployment deployment)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Mcp.ClientId = deployment.McpClientId;
        return configuration;
    }

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.First(e => e.Name == name).Value;
}
