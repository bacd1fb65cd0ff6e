using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
#if NET5_0_OR_GREATER
using System.Net.Http;
#endif

namespace ScalekitReadiness.Tls;

/// <summary>
/// Opens TLS connections to an endpoint the way the probe client would reach it (directly, or through the same
/// HTTP proxy with a CONNECT tunnel) and either sends a hand-built ClientHello for one version or completes a
/// normal handshake to read the certificate. Failures to connect are <see cref="ProbeException"/>s, like the probe client's.
/// </summary>
internal sealed class TlsProber
{
    private const int MaxAnswerBytes = 64 * 1024;
    private readonly ProbeClientOptions _options;

    public TlsProber(ProbeClientOptions options)
    {
        _options = options;
    }

    /// <summary>Sends a ClientHello offering only <paramref name="version"/> and reads the server's first answer.</summary>
    /// <exception cref="ProbeException">The endpoint could not be reached at all.</exception>
    public async Task<TlsServerAnswer> OfferAsync(Uri endpoint, ushort version, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using Connection connection = await ConnectAsync(endpoint, timeout.Token, cancellationToken).ConfigureAwait(false);
        string? serverName = endpoint.HostNameType == UriHostNameType.Dns ? endpoint.IdnHost : null;
        byte[] hello = TlsClientHello.Build(version, serverName);
        byte[] buffer = new byte[MaxAnswerBytes];
        int received = 0;
        using (timeout.Token.Register(connection.Dispose))
        {
            try
            {
                await connection.Stream.WriteAsync(hello, 0, hello.Length, timeout.Token).ConfigureAwait(false);
                while (true)
                {
                    int read = await connection.Stream.ReadAsync(buffer, received, buffer.Length - received, timeout.Token).ConfigureAwait(false);
                    received += read;
                    TlsServerAnswer? answer = TlsServerAnswer.Parse(buffer, received, endOfStream: read == 0);
                    if (answer is not null)
                    {
                        return answer;
                    }

                    if (received == buffer.Length)
                    {
                        return TlsServerAnswer.Closed("the server sent more than 64 KiB without a ServerHello");
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (timeout.IsCancellationRequested)
                {
                    return TlsServerAnswer.Silent($"no decisive answer within {_options.Timeout.TotalSeconds:0.#} s");
                }

                // A reset is how many servers refuse a version they do not speak.
                return TlsServerAnswer.Closed("the server reset the connection (" + ex.GetBaseException().Message + ")");
            }
        }
    }

    /// <summary>Completes a TLS 1.2/1.3 handshake and captures the certificate, whatever its validity.</summary>
    /// <exception cref="ProbeException">The endpoint could not be reached at all.</exception>
    public async Task<TlsHandshakeReport> HandshakeAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using Connection connection = await ConnectAsync(endpoint, timeout.Token, cancellationToken).ConfigureAwait(false);
        X509Certificate2? certificate = null;
        SslPolicyErrors errors = SslPolicyErrors.None;
        var chainLines = new List<string>();
        bool Capture(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors policyErrors)
        {
            errors = policyErrors;
            if (presented is not null)
            {
                certificate = new X509Certificate2(presented.GetRawCertData());
            }

            if (chain is not null)
            {
                foreach (X509ChainElement element in chain.ChainElements)
                {
                    string status = string.Join(", ", element.ChainElementStatus.Select(s => s.Status.ToString()));
                    chainLines.Add(element.Certificate.Subject + (status.Length == 0 ? string.Empty : " [" + status + "]"));
                }
            }

            // Accept so the handshake completes and the certificate can be judged; nothing is ever sent on it.
            return true;
        }

        using var ssl = new SslStream(connection.Stream, leaveInnerStreamOpen: true, Capture);
        using (timeout.Token.Register(connection.Dispose))
        {
            try
            {
                string host = endpoint.IdnHost;
#if NET5_0_OR_GREATER
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = host,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    },
                    timeout.Token).ConfigureAwait(false);
                string cipher = ssl.NegotiatedCipherSuite.ToString();
#else
                // Windows PowerShell: the OS chooses the protocols (TLS 1.3 is not nameable in netstandard2.0).
                await ssl.AuthenticateAsClientAsync(host, null, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
                string cipher = ssl.CipherAlgorithm + " " + ssl.CipherStrength + " bits";
#endif
                ushort? version = WireVersion(ssl.SslProtocol);
                return new TlsHandshakeReport(
                    version is ushort v ? TlsProtocolVersion.Name(v) : ssl.SslProtocol.ToString(),
                    version,
                    cipher,
                    certificate,
                    errors,
                    chainLines,
                    null);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string failure = timeout.IsCancellationRequested
                    ? $"no TLS 1.2 or 1.3 handshake within {_options.Timeout.TotalSeconds:0.#} s"
                    : ex.GetBaseException().Message;
                return new TlsHandshakeReport(null, null, null, certificate, errors, chainLines, failure);
            }
        }
    }

    private static ushort? WireVersion(SslProtocols protocol) => (int)protocol switch
    {
        0x0C0 => TlsProtocolVersion.Tls10,
        0x300 => TlsProtocolVersion.Tls11,
        0xC00 => TlsProtocolVersion.Tls12,
        0x3000 => TlsProtocolVersion.Tls13,
        _ => null,
    };

    private static string Target(Uri endpoint) => endpoint.Scheme + "://" + endpoint.Authority;

    /// <summary>Returns the proxy the probe client would use for <paramref name="endpoint"/>, or null for a direct connection.</summary>
    private Uri? ProxyFor(Uri endpoint)
    {
        if (_options.Proxy is not null)
        {
            return _options.Proxy;
        }

#if NET5_0_OR_GREATER
        IWebProxy? system = HttpClient.DefaultProxy;
#else
        IWebProxy? system = WebRequest.DefaultWebProxy;
#endif
        var destination = new Uri("https://" + endpoint.Authority + "/");
        if (system is null || system.IsBypassed(destination))
        {
            return null;
        }

        Uri? proxy = system.GetProxy(destination);
        return proxy is null || proxy == destination ? null : proxy;
    }

    private async Task<Connection> ConnectAsync(Uri endpoint, CancellationToken timeout, CancellationToken cancellationToken)
    {
        Uri? proxy = ProxyFor(endpoint);
        string host = proxy?.DnsSafeHost ?? endpoint.DnsSafeHost;
        int port = proxy?.Port ?? endpoint.Port;
        var client = new TcpClient();
        var connection = new Connection(client);
        try
        {
            using (timeout.Register(client.Dispose))
            {
                await client.ConnectAsync(host, port).ConfigureAwait(false);
                timeout.ThrowIfCancellationRequested();
                connection.Stream = client.GetStream();
                if (proxy is not null)
                {
                    await TunnelAsync(connection.Stream, endpoint, proxy, timeout).ConfigureAwait(false);
                }
            }

            return connection;
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            connection.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw Classify(endpoint, proxy, ex, timeout.IsCancellationRequested);
        }
        catch (ProbeException)
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Asks an HTTP proxy for a tunnel (RFC 9110 §9.3.6 CONNECT) to the endpoint.</summary>
    private static async Task TunnelAsync(Stream stream, Uri endpoint, Uri proxy, CancellationToken timeout)
    {
        string authority = endpoint.Host + ":" + endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        byte[] request = Encoding.ASCII.GetBytes("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
        await stream.WriteAsync(request, 0, request.Length, timeout).ConfigureAwait(false);
        var head = new List<byte>();
        byte[] one = new byte[1];
        // Byte by byte up to the blank line, so not one byte of the tunnelled stream is swallowed.
        while (!EndsWithBlankLine(head))
        {
            if (head.Count > 16 * 1024 || await stream.ReadAsync(one, 0, 1, timeout).ConfigureAwait(false) == 0)
            {
                throw new ProbeException(ProbeFailure.ProxyFailure, endpoint, $"The proxy {proxy} closed the connection instead of opening a tunnel to {authority}. Check the proxy address and that it allows this destination.");
            }

            head.Add(one[0]);
        }

        string statusLine = Encoding.ASCII.GetString(head.ToArray()).Split('\r')[0];
        string[] parts = statusLine.Split(' ');
        if (parts.Length < 2 || parts[1] != "200")
        {
            throw new ProbeException(ProbeFailure.ProxyFailure, endpoint, $"The proxy {proxy} refused a tunnel to {authority} ({statusLine}). Check the proxy address and that it allows this destination.");
        }
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[head.Count - 4] == '\r' && head[head.Count - 3] == '\n' && head[head.Count - 2] == '\r' && head[head.Count - 1] == '\n';

    private ProbeException Classify(Uri endpoint, Uri? proxy, Exception ex, bool timedOut)
    {
        string target = Target(endpoint);
        if (timedOut)
        {
            return new ProbeException(
                ProbeFailure.Timeout,
                endpoint,
                $"{target} did not answer within {_options.Timeout.TotalSeconds:0.#} s. Check that the endpoint is up and reachable from here, or raise Network.TimeoutSeconds.",
                ex);
        }

        if (proxy is not null)
        {
            return new ProbeException(
                ProbeFailure.ProxyFailure,
                endpoint,
                $"The connection to {target} through the proxy {proxy} failed ({ex.GetBaseException().Message}). Check the proxy address and that it allows this destination.",
                ex);
        }

        if (ex.GetBaseException() is SocketException socket)
        {
            switch (socket.SocketErrorCode)
            {
                case SocketError.HostNotFound:
                case SocketError.NoData:
                case SocketError.TryAgain:
                    return new ProbeException(ProbeFailure.DnsFailure, endpoint, $"The host name {endpoint.Host} does not resolve. Check the URL in the configuration and the DNS of this machine.", ex);
                case SocketError.ConnectionRefused:
                    return new ProbeException(ProbeFailure.ConnectionRefused, endpoint, $"{target} refused the connection. Check the URL and port, and that the service is running.", ex);
            }
        }

        return new ProbeException(
            ProbeFailure.NetworkFailure,
            endpoint,
            $"The connection to {target} failed: {ex.GetBaseException().Message}. Check the URL and the network path from this machine.",
            ex);
    }

    /// <summary>One TCP connection (possibly a proxy tunnel); disposing it closes the socket.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly TcpClient _client;

        public Connection(TcpClient client)
        {
            _client = client;
        }

        public Stream Stream { get; set; } = Stream.Null;

        public void Dispose() => _client.Dispose();
    }
}
