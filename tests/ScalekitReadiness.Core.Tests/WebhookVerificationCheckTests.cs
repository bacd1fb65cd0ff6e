using System;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Monitoring;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>SK-MON-020 against the test deployment's webhook receiver.</summary>
public sealed class WebhookVerificationCheckTests
{
    private const string Id = WebhookVerificationCheck.CheckId;

    [Fact]
    public async Task AReceiverThatRejectsEveryForgeryIsManualUntilTheErrorTrackingIsAttested()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult manual = await RunAsync(deployment);

        Assert.Equal(CheckStatus.Manual, manual.Status);
        Assert.Equal(Severity.High, manual.Severity);
        Assert.StartsWith("The receiver rejected 3 forged events (unsigned, wrong signature, stale timestamp)", manual.Message);
        Assert.Contains(manual.Evidence, e => e.Name == "Unsigned" && e.Value.Contains("400"));
        Assert.Contains(manual.Evidence, e => e.Name == "Wrong signature" && e.Value.Contains("401"));
        Assert.Contains(manual.Evidence, e => e.Name == "Stale timestamp" && e.Value.Contains("401"));
        Assert.DoesNotContain(deployment.WebhookSecret, string.Join("\n", manual.Evidence.Select(e => e.Value)) + manual.Message);

        CheckResult attested = await RunAsync(deployment, c => c.Attestations.Add(new AttestationEntry(Id, "dev@acme.test", MonitoringCheckTests.DaysAgo(1), "user.login failures go to Sentry project auth")));
        Assert.Equal(CheckStatus.Attested, attested.Status);
        Assert.Contains("user.login failures go to Sentry project auth", attested.Message);
    }

    [Theory]
    [InlineData(Faults.WebhookAcceptsUnsigned, "accepted an unsigned event (no webhook-signature) (HTTP 200)")]
    [InlineData(Faults.WebhookAcceptsBadSignature, "accepted an event signed with a wrong secret (HTTP 200)")]
    [InlineData(Faults.WebhookIgnoresTimestamp, "accepted a correctly signed event whose webhook-timestamp is 10 minutes old (replay) (HTTP 200)")]
    public async Task AReceiverThatAcceptsAForgeryFailsCritically(string fault, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await RunAsync(deployment);

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        string only = Assert.Single(result.Reasons);
        Assert.Contains(reason, only);
    }

    [Fact]
    public async Task WithoutTheSecretTheReplayProbeIsSkippedWithAWarning()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.WebhookIgnoresTimestamp);
        CheckResult result = await RunAsync(deployment, c => c.Monitoring.WebhookSecretEnv = "SKR_TEST_UNSET_" + Guid.NewGuid().ToString("N"));

        Assert.Equal(CheckStatus.Warning, result.Status);
        Assert.Contains("is empty or not set, so the replay probe (a correctly signed, stale event) was not sent", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task WithoutAWebhookUrlTheCheckDoesNotRun()
    {
        CheckResult result = await TestSupport.RunSingleAsync(Id, new AuditConfiguration());
        Assert.Equal(CheckStatus.NotRun, result.Status);
        Assert.Equal(NotRunReason.NotConfigured, result.NotRunReason);
        Assert.Contains("Monitoring.WebhookUrl", result.Message);
    }

    private static async Task<CheckResult> RunAsync(Deployment deployment, Action<AuditConfiguration>? configure = null)
    {
        string variable = "SKR_TEST_WEBHOOK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, deployment.WebhookSecret);
        try
        {
            AuditConfiguration configuration = TestSupport.ConfigurationFor(deployment);
            configuration.Monitoring.WebhookUrl = deployment.WebhookUrl;
            configuration.Monitoring.WebhookSecretEnv = variable;
            configure?.Invoke(configuration);
            return await TestSupport.RunSingleAsync(Id, configuration);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
