using System.Collections.Generic;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ScalekitReadiness.Tls;

/// <summary>
/// What a normal TLS 1.2/1.3 handshake with the endpoint showed: the negotiated protocol and the server's
/// certificate with the platform's verdict, captured even when the certificate is not valid so the reason can
/// be named. Nothing is sent over the connection.
/// </summary>
internal sealed class TlsHandshakeReport
{
    public TlsHandshakeReport(
        string? protocol,
        ushort? protocolVersion,
        string? cipherSuite,
        X509Certificate2? certificate,
        SslPolicyErrors policyErrors,
        IReadOnlyList<string> chain,
        string? failure)
    {
        Protocol = protocol;
        ProtocolVersion = protocolVersion;
        CipherSuite = cipherSuite;
        Certificate = certificate;
        PolicyErrors = policyErrors;
        Chain = chain;
        Failure = failure;
    }

    /// <summary>Gets the negotiated protocol ("TLS 1.3"), or null when the handshake failed.</summary>
    public string? Protocol { get; }

    /// <summary>Gets the negotiated protocol as a wire version (<see cref="TlsProtocolVersion"/>), when known.</summary>
    public ushort? ProtocolVersion { get; }

    /// <summary>Gets the negotiated cipher suite, or null.</summary>
    public string? CipherSuite { get; }

    /// <summary>Gets the server's certificate, when it sent one.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Gets the platform's verdict on the certificate for the host name (before any extra trusted CA).</summary>
    public SslPolicyErrors PolicyErrors { get; }

    /// <summary>Gets the chain the platform built, leaf first, each as "subject [status]".</summary>
    public IReadOnlyList<string> Chain { get; }

    /// <summary>Gets why the handshake failed, or null when it completed.</summary>
    public string? Failure { get; }
}
