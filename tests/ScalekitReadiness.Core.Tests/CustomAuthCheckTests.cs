using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class CustomAuthCheckTests
{
    private const string Id = CustomAuthCheck.CheckId;

    [Fact]
    public async Task ADeploymentWithBringYourOwnAuthPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpCustomAuth);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, deployment.CustomLoginUrl));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(deployment.CustomLoginUrl, result.Target);
        Assert.Contains("→ 400", Evidence(result, "Made-up login request"));
        Assert.EndsWith("/partner:callback", Evidence(result, "Hand-back"));
    }

    [Theory]
    [InlineData(Faults.CustomLoginAcceptsMadeUp, "A made-up login_request_id and state were accepted")]
    [InlineData(Faults.CustomLoginMadeUp500, "A made-up login_request_id was answered 500")]
    [InlineData(Faults.CustomLoginMadeUpSession, "A made-up login_request_id got a Set-Cookie")]
    [InlineData(Faults.CustomLoginDropsState, "with a different state than it was given")]
    public async Task EachFaultFailsWithItsOwnReason(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpCustomAuth, fault);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, deployment.CustomLoginUrl));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.True(result.Reasons.Count == 1 && result.Reasons[0].Contains(reason, System.StringComparison.Ordinal), string.Join(" | ", result.Reasons));
    }

    [Fact]
    public async Task APlainHttpLoginEndpointFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.McpCustomAuth);
        string httpLogin = deployment.HttpAppBaseUrl + "/custom-login";

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, httpLogin));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.StartsWith($"The custom login endpoint {httpLogin} is plain http", result.Reasons[0]);
    }

    [Fact]
    public async Task WhenTheServerDoesNotUseCustomAuthTheHandBackIsAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync();

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, deployment.CustomLoginUrl));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.StartsWith("The MCP client's authorization request was not handed to the custom login endpoint", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutACustomLoginUrlItIsNotRun()
    {
        await using Deployment deployment = await TestSupport.StartAsync();

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, null));

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("only if you use custom auth", result.Message);
    }

    private static AuditConfiguration Configuration(Deployment deployment, string? customLoginUrl)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Mcp.ClientId = deployment.McpClientId;
        configuration.Mcp.CustomLoginUrl = customLoginUrl;
        return configuration;
    }

    private static string Evidence(CheckResult result, string name) =>
        result.Evidence.First(e => e.Name == name).Value;
}
