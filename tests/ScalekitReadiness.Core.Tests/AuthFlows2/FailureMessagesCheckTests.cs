using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

public sealed class FailureMessagesCheckTests
{
    [Fact]
    public async Task TheCleanDeploymentsErrorSurfacesSpeakToPeople()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new FailureMessagesCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Contains("You cancelled the sign-in.", AuthFlows2Support.Evidence(result, "Message: The page the callback shows for error=access_denied"));
        Assert.Equal("The access token is not a well-formed JWT.", AuthFlows2Support.Evidence(result, "Message: The protected API's answer to an invalid token (HTTP 401)"));
        Assert.Contains(result.Evidence, e => e.Name == "Info: correlation id" && e.Value.StartsWith("X-Request-Id: req_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnEmpty401FailsForWantOfAMessage()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.ErrorWithoutMessage);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new FailureMessagesCheck(), AuthFlows2Support.Configuration(deployment)));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains("The protected API's answer to an invalid token (HTTP 401) gives no human message", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task AnUnresolvableHostIsAnErrorThatNamesTheCauseAndTheNextStep()
    {
        CheckResult result = await RunAgainstAsync("https://sk-probe-missing.invalid/auth/callback");

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal("The host name sk-probe-missing.invalid does not resolve. Check the URL in the configuration and the DNS of this machine.", result.Message);
    }

    [Fact]
    public async Task AClosedPortIsAnErrorThatNamesTheCauseAndTheNextStep()
    {
        int port = TestSupport.ClosedPort();
        CheckResult result = await RunAgainstAsync($"https://127.0.0.1:{port}/auth/callback");

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal($"https://127.0.0.1:{port} refused the connection. Check the URL and port, and that the service is running.", result.Message);
    }

    [Fact]
    public async Task AnUntrustedCertificateIsAnErrorThatNamesTheCauseAndTheNextStep()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var configuration = new AuditConfiguration();
        configuration.App.CallbackUrl = deployment.AppBaseUrl + "/auth/callback";
        configuration.Network.MaxRequestsPerSecond = 0;
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new FailureMessagesCheck(), configuration));

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.StartsWith($"TLS with {deployment.AppBaseUrl} failed: ", result.Message);
        Assert.Contains("pass its PEM with -TrustedCaPath (Network.TrustedCaPath)", result.Message);
    }

    [Fact]
    public async Task AListenerThatNeverAnswersIsATimeoutErrorThatSaysWhatToDo()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        Task<TcpClient> accepted = silent.AcceptTcpClientAsync();
        CheckResult result = await RunAgainstAsync($"https://127.0.0.1:{port}/auth/callback", timeoutSeconds: 1);
        using TcpClient connection = await accepted;

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Equal($"https://127.0.0.1:{port} did not answer within 1 s. Check that the endpoint is up and reachable from here, or raise Network.TimeoutSeconds.", result.Message);
    }

    [Fact]
    public async Task APersistent429IsAnErrorThatSaysWhatToDo()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var configuration = TestSupport.ConfigurationFor(deployment);
        configuration.App.CallbackUrl = deployment.LabBaseUrl + "/lab/always-429";
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new FailureMessagesCheck(), configuration));

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.StartsWith($"{deployment.LabBaseUrl} answered 429 Too Many Requests 1 time(s), last with Retry-After: 120: it is rate-limiting the audit.", result.Message);
        Assert.Contains("Run it again later, or lower -MaxRequestsPerSecond", result.Message);
    }

    private static async Task<CheckResult> RunAgainstAsync(string callbackUrl, double timeoutSeconds = 10)
    {
        var configuration = new AuditConfiguration();
        configuration.App.CallbackUrl = callbackUrl;
        configuration.Network.TimeoutSeconds = timeoutSeconds;
        return Assert.Single(await AuthFlows2Support.RunAsync(new FailureMessagesCheck(), configuration));
    }
}
