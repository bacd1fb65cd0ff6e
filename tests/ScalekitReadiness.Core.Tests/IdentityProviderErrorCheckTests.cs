using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class IdentityProviderErrorCheckTests
{
    private const string Id = IdentityProviderErrorCheck.CheckId;

    [Fact]
    public async Task CleanDeploymentShowsAFriendlyPageWithTwoRequests()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(deployment.CallbackUrl, result.Target);
        Assert.Contains("→ 400 text/html", AuthFlowsSupport.Evidence(result, "error=access_denied"));
        Assert.Equal(2, requests);
    }

    [Theory]
    [InlineData(Faults.CallbackError500, 2, "the callback answered HTTP 500")]
    [InlineData(Faults.CallbackErrorStackTrace, 2, "shows a .NET stack trace")]
    [InlineData(Faults.CallbackErrorUnescaped, 1, "writes error_description back without HTML escaping")]
    public async Task EachErrorPageFaultFailsWithItsOwnReason(string fault, int count, string reason)
    {
        await using Deployment deployment = await TestSupport.StartAsync(fault);
        CheckResult result = await TestSupport.RunSingleAsync(Id, AuthFlowsSupport.ConfigurationFor(deployment));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Equal(count, result.Reasons.Count);
        Assert.All(result.Reasons, r => Assert.Contains(reason, r));
    }

    [Theory]
    [InlineData("Traceback (most recent call last):\n  File \"app.py\", line 3", "Python")]
    [InlineData("TypeError: x\n    at Object.<anonymous> (/srv/app.js:3:9)", "Node.js")]
    [InlineData("Exception in thread \"main\" java.lang.IllegalStateException", "Java")]
    [InlineData("System.Exception: boom\n   at System.Threading.Tasks.Task.Wait()", ".NET")]
    public void StackTracesOfEachPlatformAreRecognised(string body, string platform)
    {
        Assert.Equal(platform, Assert.Single(ErrorPageInspector.StackTraces(body)));
    }

    [Fact]
    public void AnOrdinaryPageHasNoStackTraceAndEscapedMarkersAreNotReflections()
    {
        string marker = ErrorPageInspector.NewMarker();
        Assert.Empty(ErrorPageInspector.StackTraces("<p>Sign-in failed. Please try again at 10:30.</p>"));
        Assert.False(ErrorPageInspector.ReflectsUnescaped("<p>" + System.Net.WebUtility.HtmlEncode(marker) + "</p>", marker));
        Assert.True(ErrorPageInspector.ReflectsUnescaped("<p>" + marker + "</p>", marker));
    }
}
