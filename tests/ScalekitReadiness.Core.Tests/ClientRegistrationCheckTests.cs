using System.Threading.Tasks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ClientRegistrationCheckTests
{
    private const string Id = ClientRegistrationCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentRefusesForeignRedirectsAndPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync();

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.StartsWith("The authorization server offers open dynamic client registration at " + deployment.EnvironmentUrlString + "/api/v1/resources/" + deployment.ResourceId + "/clients:register", result.Message);
        Assert.Equal("supported", TestSupport.Evidence(result, "Client ID metadata documents"));
        Assert.Contains("→ 400", TestSupport.Evidence(result, "Registration with a non-https redirect URI"));
        Assert.EndsWith("error=invalid_redirect_uri", TestSupport.Evidence(result, "Registration with a javascript: scheme redirect URI"));
    }

    [Fact]
    public async Task AnEndpointThatAcceptsForeignRedirectsFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.DcrAcceptsForeignRedirect);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        string reason = Assert.Single(result.Reasons);
        Assert.Contains("registered a client with the redirect URI http://skr-probe.example/callback and javascript:", reason);
        Assert.StartsWith("m2m_", TestSupport.Evidence(result, "Registered client (non-https)"));
    }

    [Fact]
    public async Task WithoutARegistrationEndpointNothingIsRegisteredAndItPasses()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.AsMetadataNoRegistration);

        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.StartsWith("The authorization server offers no dynamic client registration", result.Message);
        Assert.DoesNotContain(result.Evidence, e => e.Name.StartsWith("Registration with", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTheOptInItIsNotRun()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment);
        configuration.Mcp.AllowDynamicRegistrationProbe = false;

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("Mcp.AllowDynamicRegistrationProbe", result.Message);
    }

    [Fact]
    public async Task WithoutStateChangeItIsNotRun()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment);
        configuration.AllowStateChange = false;

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.RequiresStateChange, result.NotRunReason);
    }

    private static AuditConfiguration Configuration(Deployment deployment)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.Mcp.AllowDynamicRegistrationProbe = true;
        configuration.AllowStateChange = true;
        return configuration;
    }
}
