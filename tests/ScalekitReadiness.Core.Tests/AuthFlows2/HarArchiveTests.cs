using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Har;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests.AuthFlows2;

/// <summary>
/// The exporters' variations the reader must tolerate (each taken from what that browser writes). The end-to-end proof
/// with a HAR recorded by a real browser is the Chromium test of tests/Pester/Test-SkSessionCookie.Tests.ps1.
/// </summary>
public sealed class HarArchiveTests
{
    private const string SessionValue = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0";

    // Firefox folds several Set-Cookie lines into one header value separated by newlines, and writes cookies without sameSite.
    private const string FirefoxHar = """
        {"log":{"version":"1.2","creator":{"name":"Firefox","version":"133.0"},"browser":{"name":"Firefox","version":"133.0"},"pages":[],
         "entries":[{"startedDateTime":"2026-11-26T09:00:00.000+00:00","time":12,
          "request":{"bodySize":0,"method":"GET","url":"https://app.example.com/auth/callback?code=abc&state=xyz","httpVersion":"HTTP/2","headers":[{"name":"Host","value":"app.example.com"}],"cookies":[],"queryString":[],"headersSize":-1},
          "response":{"status":302,"statusText":"","httpVersion":"HTTP/2","headers":[{"name":"location","value":"/"},{"name":"set-cookie","value":"sk_session=SESSION; Path=/; HttpOnly; Secure; SameSite=Lax\nsk_login=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax"}],
           "cookies":[{"name":"sk_session","value":"SESSION","path":"/","httpOnly":true,"secure":true}],"content":{"mimeType":"text/plain","size":0,"text":""},"redirectURL":"/","headersSize":-1,"bodySize":-1},
          "cache":{},"timings":{"blocked":0,"dns":0,"connect":0,"ssl":0,"send":0,"wait":12,"receive":0}}]}}
        """;

    // Chrome over HTTP/2: pseudo-headers, lower-case names; an export that kept only the cookies array.
    private const string ChromeHar = """
        {"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"startedDateTime":"2026-11-26T09:00:00.000Z","id":"page_1","title":"x","pageTimings":{}}],
         "entries":[{"_initiator":{"type":"other"},"_priority":"VeryHigh","_resourceType":"document","cache":{},"pageref":"page_1",
          "request":{"method":"GET","url":"https://app.example.com/auth/callback","httpVersion":"http/2.0","headers":[{"name":":authority","value":"app.example.com"},{"name":":method","value":"GET"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
          "response":{"status":302,"statusText":"","httpVersion":"http/2.0","headers":[{"name":":status","value":"302"},{"name":"location","value":"/"}],
           "cookies":[{"name":"sk_session","value":"SESSION","path":"/","domain":"app.example.com","expires":"1970-01-01T00:00:00.000Z","httpOnly":false,"secure":true,"sameSite":"Lax"}],
           "content":{"size":0,"mimeType":"x-unknown","compression":0},"redirectURL":"/","headersSize":-1,"bodySize":-1,"_transferSize":0,"_error":null},
          "serverIPAddress":"127.0.0.1","startedDateTime":"2026-11-26T09:00:00.000Z","time":10,"timings":{"blocked":1,"dns":-1,"ssl":-1,"connect":-1,"send":0,"wait":9,"receive":0,"_blocked_queueing":0.5}}]}}
        """;

    [Fact]
    public void FirefoxFoldedSetCookieLinesAreSplit()
    {
        HarEntry entry = Assert.Single(HarArchive.Parse(FirefoxHar.Replace("SESSION", SessionValue), "firefox.har"));

        Assert.Equal(302, entry.Status);
        Assert.Equal("GET https://app.example.com/auth/callback → 302", entry.Description);
        var cookies = SessionCookieRules.FromHar(new[] { entry }).Select(c => c.Cookie).ToArray();
        Assert.Equal(new[] { "sk_session", "sk_login" }, cookies.Select(c => c.Name));
        Assert.True(cookies[0].HttpOnly && cookies[0].Secure);
        Assert.Equal("Lax", cookies[0].SameSite);
        Assert.True(cookies[1].Deletes(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void ChromePseudoHeadersAreSkippedAndTheCookiesArrayStandsInForSetCookie()
    {
        HarEntry entry = Assert.Single(HarArchive.Parse(ChromeHar.Replace("SESSION", SessionValue), "chrome.har"));

        Assert.DoesNotContain(entry.ResponseHeaders, h => h.Key.StartsWith(':'));
        ObservedCookie cookie = Assert.Single(SessionCookieRules.FromHar(new[] { entry })).Cookie;
        Assert.False(cookie.HttpOnly);
        Assert.Equal("app.example.com", cookie.Domain);
        Assert.Equal("Lax", cookie.SameSite);
    }

    [Theory]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("{\"log\":{}}", "is JSON but not a HAR: it has no log.entries array")]
    public void ANonHarIsRefusedWithWhatToDo(string text, string reason)
    {
        HarFormatException failure = Assert.Throws<HarFormatException>(() => HarArchive.Parse(text, "x.har"));
        Assert.Contains(reason, failure.Message);
    }

    [Fact]
    public async Task TheCheckJudgesAHarAndNeverShowsACookieValue()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        string path = Path.Combine(Path.GetTempPath(), "skr-chrome-" + Guid.NewGuid().ToString("N") + ".har");
        await File.WriteAllTextAsync(path, ChromeHar.Replace("SESSION", SessionValue));
        try
        {
            var check = new SessionCookieCheck(new AuthInputs { HarPath = path });
            CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, TestSupport.ConfigurationFor(deployment), SessionValue));

            Assert.Equal(CheckStatus.Failed, result.Status);
            Assert.Equal(path, result.Target);
            Assert.Contains("The cookie 'sk_session' (set by GET https://app.example.com/auth/callback → 302) is not HttpOnly", Assert.Single(result.Reasons));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AnUnreadableHarIsAnErrorResult()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var check = new SessionCookieCheck(new AuthInputs { HarPath = "/nonexistent/login.har" });
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(check, TestSupport.ConfigurationFor(deployment)));

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("The HAR file '/nonexistent/login.har' cannot be read", result.Message);
    }
}
