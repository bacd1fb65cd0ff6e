using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>SK-QC-001 is offline: every case is a configuration, nothing is sent.</summary>
public sealed class EnvironmentConfigCheckTests
{
    private const string Id = EnvironmentConfigCheck.CheckId;
    private const string Secret = "prod-secret-4f9a1c2e7b";

    [Theory]
    [InlineData("https://acme.scalekit.com", "skc_58327482062864390")]
    [InlineData("https://auth.acme.com", "prd_skc_96736847635480854")]
    [InlineData("https://login.devramp.ai", "skc_1")]
    [InlineData("https://acme.eu.scalekit.cloud", "skc_42")]
    public async Task ProductionValuesPass(string url, string clientId)
    {
        CheckResult result = await RunAsync(url, clientId, Secret);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
    }

    [Theory]
    [InlineData("http://acme.scalekit.com", "is not https")]
    [InlineData("https://acme.scalekit.com/api", "has a path (/api)")]
    [InlineData("https://acme.scalekit.com?x=1", "has a query or fragment")]
    [InlineData("https://acme.scalekit.dev", "a Scalekit development environment")]
    [InlineData("https://acme-dev.scalekit.cloud", "a 'dev' host")]
    [InlineData("https://staging.auth.acme.com", "a 'staging' host")]
    [InlineData("https://auth.stage.acme.com", "a 'stage' host")]
    [InlineData("https://test.acme.com", "a 'test' host")]
    [InlineData("https://acme-sandbox.scalekit.com", "a 'sandbox' host")]
    [InlineData("https://localhost:8443", "a loopback host")]
    [InlineData("https://127.0.0.1", "a loopback host")]
    [InlineData("https://<your-environment>.scalekit.com", "is a placeholder")]
    [InlineData("acme.scalekit.com", "is not an absolute URL")]
    public async Task EachUrlRuleFailsWithItsReason(string url, string reason)
    {
        CheckResult result = await RunAsync(url, "skc_1", Secret);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains(reason, Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ATrailingSlashIsAWarning()
    {
        CheckResult result = await RunAsync("https://acme.scalekit.com/", "skc_1", Secret);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("ends with a slash", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnOddClientIdIsAWarning()
    {
        CheckResult result = await RunAsync("https://acme.scalekit.com", "client-123", Secret);

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("skc_<digits>", Assert.Single(result.Reasons));
    }

    [Theory]
    [InlineData("your_client_secret")]
    [InlineData("changeme")]
    [InlineData("xxx")]
    [InlineData("<client secret>")]
    [InlineData("   ")]
    public async Task APlaceholderSecretFailsAndIsNeverEchoed(string secret)
    {
        CheckResult result = await RunAsync("https://acme.scalekit.com", "skc_1", secret);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("placeholder", Assert.Single(result.Reasons));
        if (secret.Trim().Length > 0)
        {
            Assert.DoesNotContain(secret, string.Join("\n", result.Reasons.Concat(result.Evidence.Select(e => e.Value))));
        }
    }

    [Fact]
    public async Task AClientIdPlaceholderFails()
    {
        CheckResult result = await RunAsync("https://acme.scalekit.com", "your_client_id", Secret);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("'your_client_id' is a placeholder", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task MissingValuesAreEachNamed()
    {
        CheckResult result = await TestSupport.RunSingleAsync(Id, new AuditConfiguration());

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(3, result.Reasons.Count);
        Assert.Contains("SCALEKIT_ENVIRONMENT_URL", result.Reasons[0]);
        Assert.Contains("SCALEKIT_CLIENT_ID", result.Reasons[1]);
        Assert.Contains("SCALEKIT_CLIENT_SECRET", result.Reasons[2]);
    }

    [Fact]
    public async Task ValuesFromEnvironmentVariablesNameTheirSourceButNeverTheSecret()
    {
        var variables = new Dictionary<string, string>
        {
            ["SCALEKIT_ENV_URL"] = "https://acme.scalekit.com",
            ["SCALEKIT_CLIENT_ID"] = "skc_7",
            ["SCALEKIT_CLIENT_SECRET"] = Secret,
        };
        var configuration = new AuditConfiguration();
        CredentialResolver.Resolve(configuration, name => variables.TryGetValue(name, out string? value) ? value : null);

        CheckResult result = await TestSupport.RunSingleAsync(Id, configuration);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("https://acme.scalekit.com (from environment variable SCALEKIT_ENV_URL)", Evidence(result, "Environment URL"));
        Assert.Equal("skc_7 (from environment variable SCALEKIT_CLIENT_ID)", Evidence(result, "Client id"));
        Assert.Equal("present (from environment variable SCALEKIT_CLIENT_SECRET)", Evidence(result, "Client secret"));
    }

    [Fact]
    public void TheConfigurationWinsOverEnvironmentVariablesAndClientSecretEnvNamesTheVariable()
    {
        var variables = new Dictionary<string, string>
        {
            ["SCALEKIT_ENVIRONMENT_URL"] = "https://other.scalekit.com",
            ["MY_SECRET"] = Secret,
            ["SCALEKIT_CLIENT_SECRET"] = "the-default-variable-secret",
        };
        AuditConfiguration configuration = ConfigurationReader.Parse(
            """{ "Environment": { "Url": "https://acme.scalekit.com", "ClientSecretEnv": "MY_SECRET" } }""", "c.json", ".");
        CredentialResolver.Resolve(configuration, name => variables.TryGetValue(name, out string? value) ? value : null);

        Assert.Equal("https://acme.scalekit.com", configuration.EnvironmentUrl);
        Assert.Equal("configuration Environment.Url", configuration.EnvironmentUrlSource);
        Assert.Equal(Secret, configuration.ClientSecret);
        Assert.Equal("environment variable MY_SECRET (named by Environment.ClientSecretEnv)", configuration.ClientSecretSource);
    }

    [Fact]
    public void ALiteralSecretInTheConfigurationIsRefused()
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(
            """{ "Environment": { "Url": "https://acme.scalekit.com", "ClientSecret": "literal" } }""", "c.json", "."));

        Assert.Equal("$.Environment.ClientSecret", Assert.Single(ex.Problems).Path);
        Assert.DoesNotContain("literal", ex.Message);
    }

    private static Task<CheckResult> RunAsync(string url, string clientId, string secret) =>
        TestSupport.RunSingleAsync(Id, new AuditConfiguration
        {
            EnvironmentUrl = url,
            EnvironmentUrlSource = "test",
            ClientId = clientId,
            ClientIdSource = "test",
            ClientSecret = secret,
            ClientSecretSource = "test",
        });

    private static string Evidence(CheckResult result, string name) => result.Evidence.Single(e => e.Name == name).Value;
}
