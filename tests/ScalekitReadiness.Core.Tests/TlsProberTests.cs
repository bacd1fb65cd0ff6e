using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;
using ScalekitReadiness.Tls;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>The raw ClientHello probe and the certificate handshake against real servers on loopback.</summary>
public sealed class TlsProberTests
{
    private static readonly TlsProber s_prober = new(new ProbeClientOptions { Timeout = TimeSpan.FromSeconds(5) });

    [Fact]
    public async Task AnOpenSslServerThatAllowsTls10AnswersTheTls10HelloWithATls10ServerHello()
    {
        using TlsOpenSslServer server = await TlsOpenSslServer.StartAsync("-tls1");

        TlsServerAnswer tls10 = await s_prober.OfferAsync(server.Url, TlsProtocolVersion.Tls10, CancellationToken.None);
        TlsServerAnswer tls12 = await s_prober.OfferAsync(server.Url, TlsProtocolVersion.Tls12, CancellationToken.None);

        Assert.Equal(TlsServerAnswerKind.ServerHello, tls10.Kind);
        Assert.Equal(TlsProtocolVersion.Tls10, tls10.Version);
        // A TLS 1.2 hello means "up to 1.2": this server picks the 1.0 it allows, so 1.2 itself is not accepted.
        Assert.Equal(TlsServerAnswerKind.ServerHello, tls12.Kind);
        Assert.Equal(TlsProtocolVersion.Tls10, tls12.Version);
    }

    [Fact]
    public async Task AnOpenSslServerThatAllowsOnlyTls12RefusesTheLegacyHellosWithAnAlert()
    {
        using TlsOpenSslServer server = await TlsOpenSslServer.StartAsync("-tls1_2");

        TlsServerAnswer tls10 = await s_prober.OfferAsync(server.Url, TlsProtocolVersion.Tls10, CancellationToken.None);
        TlsServerAnswer tls11 = await s_prober.OfferAsync(server.Url, TlsProtocolVersion.Tls11, CancellationToken.None);
        TlsServerAnswer tls12 = await s_prober.OfferAsync(server.Url, TlsProtocolVersion.Tls12, CancellationToken.None);

        Assert.Equal("alert protocol_version (70)", tls10.Detail);
        Assert.Equal("alert protocol_version (70)", tls11.Detail);
        Assert.Equal(TlsServerAnswerKind.ServerHello, tls12.Kind);
        Assert.Equal(TlsProtocolVersion.Tls12, tls12.Version);
    }

    [Fact]
    public async Task TheHandshakeCapturesAnUntrustedCertificateAndThePlatformsVerdict()
    {
        await using Deployment deployment = await TestSupport.StartAsync(Faults.CertWrongHost);

        TlsHandshakeReport report = await s_prober.HandshakeAsync(new Uri(deployment.McpUrl), CancellationToken.None);

        Assert.Null(report.Failure);
        Assert.Equal("TLS 1.3", report.Protocol);
        Assert.Equal("CN=other-host.sk-probe.invalid", report.Certificate!.Subject);
        Assert.True(report.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.True(report.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors));
        // The test CA is not in this machine's store, so the platform's chain stops at the leaf and says why.
        Assert.StartsWith("CN=other-host.sk-probe.invalid [", report.Chain[0]);
    }

    [Fact]
    public async Task AHandshakeWithAPlainHttpPortFailsAndSaysWhy()
    {
        await using Deployment deployment = await TestSupport.StartAsync();

        TlsHandshakeReport report = await s_prober.HandshakeAsync(new Uri(deployment.HttpAppBaseUrl.Replace("http:", "https:")), CancellationToken.None);

        Assert.NotNull(report.Failure);
        Assert.Null(report.Certificate);
        Assert.Null(report.Protocol);
    }

    [Fact]
    public async Task TheProbesGoThroughTheConfiguredProxy()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        await using var proxy = new ConnectProxy();
        var prober = new TlsProber(new ProbeClientOptions { Proxy = proxy.Address, Timeout = TimeSpan.FromSeconds(5) });
        var app = new Uri(deployment.AppBaseUrl);

        TlsServerAnswer tls10 = await prober.OfferAsync(app, TlsProtocolVersion.Tls10, CancellationToken.None);
        TlsHandshakeReport handshake = await prober.HandshakeAsync(app, CancellationToken.None);

        Assert.Equal(TlsServerAnswerKind.Alert, tls10.Kind);
        Assert.Equal("TLS 1.3", handshake.Protocol);
        Assert.Equal(new[] { app.Authority, app.Authority }, proxy.ConnectTargets);
    }

    [Fact]
    public async Task AProxyThatRefusesTheTunnelIsAProxyFailure()
    {
        await using Deployment deployment = await TestSupport.StartAsync();
        var prober = new TlsProber(new ProbeClientOptions { Proxy = new Uri(deployment.HttpAppBaseUrl), Timeout = TimeSpan.FromSeconds(5) });

        ProbeException failure = await Assert.ThrowsAsync<ProbeException>(
            () => prober.OfferAsync(new Uri("https://mcp.example.test/mcp"), TlsProtocolVersion.Tls10, CancellationToken.None));

        Assert.Equal(ProbeFailure.ProxyFailure, failure.Failure);
        Assert.StartsWith($"The proxy {deployment.HttpAppBaseUrl}/ refused a tunnel to mcp.example.test:443 (HTTP/1.1 ", failure.Message);
    }

    [Fact]
    public async Task AClosedPortIsConnectionRefused()
    {
        int port = TestSupport.ClosedPort();

        ProbeException failure = await Assert.ThrowsAsync<ProbeException>(
            () => s_prober.OfferAsync(new Uri($"https://127.0.0.1:{port}/"), TlsProtocolVersion.Tls10, CancellationToken.None));

        Assert.Equal(ProbeFailure.ConnectionRefused, failure.Failure);
    }

    [Fact]
    public async Task AServerThatClosesAtOnceRefusesAndOneThatSaysNothingIsSilent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        var prober = new TlsProber(new ProbeClientOptions { Timeout = TimeSpan.FromSeconds(1) });
        try
        {
            Task<TlsServerAnswer> closed = prober.OfferAsync(url, TlsProtocolVersion.Tls10, CancellationToken.None);
            using (TcpClient accepted = await listener.AcceptTcpClientAsync())
            {
                accepted.Client.Shutdown(SocketShutdown.Send);
                Assert.Equal(TlsServerAnswerKind.Closed, (await closed).Kind);
            }

            Task<TlsServerAnswer> silent = prober.OfferAsync(url, TlsProtocolVersion.Tls10, CancellationToken.None);
            using (TcpClient accepted = await listener.AcceptTcpClientAsync())
            {
                TlsServerAnswer answer = await silent;
                Assert.Equal(TlsServerAnswerKind.Silent, answer.Kind);
                Assert.Equal("no decisive answer within 1 s", answer.Detail);
            }
        }
        finally
        {
            listener.Stop();
        }
    }
}
