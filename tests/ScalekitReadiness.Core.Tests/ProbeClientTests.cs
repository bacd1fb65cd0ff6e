using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>The probe client's behaviours, each against the test deployment's laboratory listener on loopback.</summary>
public sealed class ProbeClientTests : IAsyncLifetime
{
    private Deployment _deployment = null!;

    public async Task InitializeAsync() => _deployment = await TestSupport.StartAsync();

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task RedirectsAreNotFollowedAutomatically()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/redirect/2")), CancellationToken.None);

        Assert.Equal(302, response.StatusCode);
        Assert.Equal("/lab/redirect/1", response.Header("Location"));
        Assert.Single(_deployment.LabRequests);
    }

    [Fact]
    public async Task RedirectsAreFollowedExplicitlyHopByHop()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment);
        var hops = await probe.SendFollowingRedirectsAsync(ProbeRequest.Get(Lab("/lab/redirect/3")), CancellationToken.None);

        Assert.Equal(new[] { 302, 302, 302, 200 }, hops.Select(h => h.StatusCode));
        Assert.Equal("done", hops[^1].BodyText);
        Assert.Equal(4, probe.Exchanges.Count);
    }

    [Fact]
    public async Task ARedirectLoopStopsAfterTenHops()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment);
        var ex = await Assert.ThrowsAsync<ProbeException>(() =>
            probe.SendFollowingRedirectsAsync(ProbeRequest.Get(Lab("/lab/redirect-loop")), CancellationToken.None));

        Assert.Equal(ProbeFailure.TooManyRedirects, ex.Failure);
        Assert.Contains("more than 10 times", ex.Message);
        Assert.Equal(11, _deployment.LabRequests.Count);
    }

    [Fact]
    public async Task ASlowServerTimesOutWithAMessageThatSaysWhatToDo()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.Timeout = TimeSpan.FromMilliseconds(400));
        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<ProbeException>(() =>
            probe.SendAsync(ProbeRequest.Get(Lab("/lab/slow?ms=20000")), CancellationToken.None));

        Assert.Equal(ProbeFailure.Timeout, ex.Failure);
        Assert.Contains("did not answer within 0.4 s", ex.Message);
        Assert.Contains("Network.TimeoutSeconds", ex.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the timeout must cut the wait short");
        Assert.Equal("no response (Timeout)", probe.Exchanges.Single().Summary.Split(" → ")[1].Split(',')[0]);
    }

    [Fact]
    public async Task CallerCancellationIsNotReportedAsATimeout()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            probe.SendAsync(ProbeRequest.Get(Lab("/lab/slow?ms=20000")), cancel.Token));
    }

    [Theory]
    [InlineData("/lab/big?bytes=3145728")]
    [InlineData("/lab/big-declared?bytes=3145728")]
    public async Task BodiesAreCutAtTheCap(string path)
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.MaxBodyBytes = 1024 * 1024);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab(path)), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.BodyTruncated);
        Assert.Equal(1024 * 1024, response.Body.Length);
        Assert.Contains("cut at the cap", response.Exchange.Summary);
    }

    [Fact]
    public async Task ABodyUnderTheCapIsReadWhole()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.MaxBodyBytes = 1024 * 1024);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/big?bytes=100000")), CancellationToken.None);

        Assert.False(response.BodyTruncated);
        Assert.Equal(100000, response.Body.Length);
    }

    [Fact]
    public async Task RequestsToOneHostArePacedByTheRateLimit()
    {
        // The pacing is checked with a clock that stands still and a delay that only records, so the verdict
        // does not depend on the machine's load: six requests at 5/s wait 0, 200, 400, 600, 800 and 1000 ms,
        // while a request to another host is not held back by them.
        var waits = new List<(string Host, TimeSpan Wait)>();
        string? currentHost = null;
        var handler = new HostRateLimitHandler(5, () => TimeSpan.Zero, (wait, _) =>
        {
            lock (waits)
            {
                waits.Add((currentHost!, wait));
            }

            return Task.CompletedTask;
        })
        {
            InnerHandler = new AnswerOkHandler(),
        };
        using var invoker = new HttpMessageInvoker(handler);
        foreach (string url in new[] { "https://a.test/1", "https://a.test/2", "https://b.test/1", "https://a.test/3", "https://a.test/4", "https://a.test/5", "https://a.test/6" })
        {
            currentHost = new Uri(url).Host;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using HttpResponseMessage response = await invoker.SendAsync(request, CancellationToken.None);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(new[] { 200, 400, 600, 800, 1000 }, waits.Where(w => w.Host == "a.test").Select(w => (int)w.Wait.TotalMilliseconds));
        Assert.DoesNotContain(waits, w => w.Host == "b.test");
    }

    [Fact]
    public async Task RequestsToOneHostArePacedEndToEnd()
    {
        // The real handler in the real client: six requests at 5/s cannot all be done in much less than a second.
        // Only a lower bound is asserted (load can only make it slower), with margin for timer granularity.
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.MaxRequestsPerSecond = 5);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => probe.SendAsync(ProbeRequest.Get(Lab("/lab/ok")), CancellationToken.None)));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"six requests took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(6, _deployment.LabRequests.Count);
    }

    private sealed class AnswerOkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }

    [Fact]
    public async Task A429IsRetriedAfterItsRetryAfter()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/ratelimited?key=retry")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new int?[] { 429, 200 }, probe.Exchanges.Select(e => e.StatusCode));
        DateTimeOffset[] arrivals = _deployment.LabRequests.Select(r => r.ReceivedAtUtc).ToArray();
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromMilliseconds(950), "Retry-After: 1 must be honoured");
    }

    [Fact]
    public async Task ARetryAfterLongerThanTheLimitIsReportedNotAwaited()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.MaxRetryAfter = TimeSpan.FromMilliseconds(500));
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/ratelimited?key=long")), CancellationToken.None);

        Assert.Equal(429, response.StatusCode);
        Assert.Single(_deployment.LabRequests);
    }

    [Fact]
    public async Task TheConfiguredProxyCarriesTheTraffic()
    {
        await using var proxy = new ConnectProxy();
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.Proxy = proxy.Address);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/ok")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(new Uri(_deployment.LabBaseUrl).Authority, Assert.Single(proxy.ConnectTargets));
    }

    [Fact]
    public async Task AnUnknownCaIsRefusedWithAnActionableMessage()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.TrustedCaPath = null);
        var ex = await Assert.ThrowsAsync<ProbeException>(() => probe.SendAsync(ProbeRequest.Get(Lab("/lab/ok")), CancellationToken.None));

        Assert.Equal(ProbeFailure.TlsFailure, ex.Failure);
        Assert.Contains("certificate chain is not trusted", ex.Message);
        Assert.Contains("-TrustedCaPath", ex.Message);
        Assert.Empty(_deployment.LabRequests);
    }

    [Fact]
    public async Task TheTrustedCaFileMakesTheChainValid()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/ok")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task SkipCertificateCheckAcceptsTheUnknownCa()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o =>
        {
            o.TrustedCaPath = null;
            o.SkipCertificateCheck = true;
        });
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/ok")), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task ARefusedConnectionIsClassified()
    {
        int closedPort = TestSupport.ClosedPort();
        using ProbeClient probe = TestSupport.Probe(_deployment);
        var ex = await Assert.ThrowsAsync<ProbeException>(() =>
            probe.SendAsync(ProbeRequest.Get(new Uri($"https://127.0.0.1:{closedPort}/")), CancellationToken.None));

        Assert.Equal(ProbeFailure.ConnectionRefused, ex.Failure);
        Assert.Contains("refused the connection", ex.Message);
    }

    [Fact]
    public async Task ACredentialIsNeverSentToAnotherHost()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.CredentialAuthorities.Add(new Uri(_deployment.EnvironmentUrlString).Authority));
        var request = new ProbeRequest(HttpMethod.Post, new Uri(_deployment.ForeignBaseUrl + "/oauth/token"))
        {
            Body = "grant_type=client_credentials&client_secret=canary-secret-value",
            ContentType = "application/x-www-form-urlencoded",
            CarriesCredential = true,
        };

        var ex = await Assert.ThrowsAsync<ProbeException>(() => probe.SendAsync(request, CancellationToken.None));

        Assert.Equal(ProbeFailure.CredentialRefused, ex.Failure);
        Assert.Empty(_deployment.ForeignRequests);
    }

    [Fact]
    public async Task ACredentialGoesToTheEnvironment()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment, o => o.CredentialAuthorities.Add(new Uri(_deployment.LabBaseUrl).Authority));
        var request = new ProbeRequest(HttpMethod.Post, Lab("/lab/echo")) { Body = "x=1", CarriesCredential = true };
        request.WithHeader("Authorization", "Bearer canary-token-value-123");

        ProbeResponse response = await probe.SendAsync(request, CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains("canary-token-value-123", response.BodyText); // the server got it...
        Assert.DoesNotContain("canary-token-value-123", probe.Exchanges.Single().RequestHeaders.Single(h => h.Key == "Authorization").Value); // ...the record did not
    }

    [Fact]
    public void ARedirectToAnotherHostDropsCredentialHeaders()
    {
        var request = ProbeRequest.Get(new Uri("https://auth.example.test/start"))
            .WithHeader("Authorization", "Bearer x")
            .WithHeader("Cookie", "a=b")
            .WithHeader("Accept", "application/json");

        ProbeRequest sameHost = request.Redirected(new Uri("https://auth.example.test/next"), HttpMethod.Get, false);
        ProbeRequest otherHost = request.Redirected(new Uri("https://evil.example.test/next"), HttpMethod.Get, false);

        Assert.Equal(3, sameHost.Headers.Count);
        Assert.Equal("Accept", Assert.Single(otherHost.Headers).Key);
    }

    [Fact]
    public async Task CookiesAndTokensAreRedactedInTheRecord()
    {
        using ProbeClient probe = TestSupport.Probe(_deployment);
        ProbeResponse response = await probe.SendAsync(ProbeRequest.Get(Lab("/lab/set-cookie")), CancellationToken.None);

        string cookieValue = response.Header("Set-Cookie")!.Split(';')[0].Split('=')[1];
        Assert.Equal(32, cookieValue.Length);
        ProbeExchange exchange = probe.Exchanges.Single();
        string recorded = string.Join("\n", exchange.ResponseHeaders.Select(h => h.Key + ": " + h.Value)) + exchange.Summary;
        Assert.DoesNotContain(cookieValue, recorded);
        Assert.Contains("session=" + Redactor.Marker(cookieValue) + "; Path=/", recorded);
    }

    private Uri Lab(string pathAndQuery) => new(_deployment.LabBaseUrl + pathAndQuery);
}
