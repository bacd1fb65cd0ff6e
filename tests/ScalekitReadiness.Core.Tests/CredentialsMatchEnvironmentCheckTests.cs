using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class CredentialsMatchEnvironmentCheckTests
{
    private const string Id = CredentialsMatchEnvironmentCheck.CheckId;

    [Fact]
    public async Task TheRightCredentialsMintATokenAndTheIssuerMatches()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, deployment.ClientSecret));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("token_type=Bearer, expires_in=300", result.Evidence.Single(e => e.Name == "Token response").Value);
        Assert.Equal(deployment.EnvironmentUrlString, result.Evidence.Single(e => e.Name == "issuer").Value);
        AssertNoSecret(result, deployment.ClientSecret);
    }

    [Fact]
    public async Task CredentialsOfAnotherEnvironmentFailAsInvalidClient()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, "dev-secret-from-the-wrong-environment"));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("rejected the client id and secret (HTTP 401, invalid_client)", Assert.Single(result.Reasons));
        AssertNoSecret(result, "dev-secret-from-the-wrong-environment");
    }

    [Fact]
    public async Task AnIssuerThatDiffersFromTheConfiguredUrlFails()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.IssuerTrailingSlash);
        CheckResult result = await TestSupport.RunSingleAsync(Id, Configuration(deployment, deployment.ClientSecret));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("differ only by a trailing slash", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutPermissionToChangeStateNothingIsSent()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment, deployment.ClientSecret);
        configuration.AllowStateChange = false;
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.RequiresStateChange, result.NotRunReason);
    }

    [Fact]
    public async Task WithoutASecretTheCheckSaysWhichKeyIsMissing()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        AuditConfiguration configuration = Configuration(deployment, deployment.ClientSecret);
        configuration.ClientSecret = null;
        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("SCALEKIT_CLIENT_SECRET", result.Message);
    }

    private static AuditConfiguration Configuration(Deployment deployment, string secret)
    {
        AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
        configuration.ClientId = deployment.ClientId;
        configuration.ClientSecret = secret;
        configuration.AllowStateChange = true;
        return configuration;
    }

    private static void AssertNoSecret(CheckResult result, string secret)
    {
        string everything = result.Message + string.Join("\n", result.Reasons) + result.Evidence.ToString() + result.Target;
        Assert.DoesNotContain(secret, everything);
    }
}
