using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// A throwaway test CA and the TLS server certificate it signs, valid for localhost, 127.0.0.1 and 127.0.0.2.
/// Clients trust the deployment by adding <see cref="AuthorityPem"/> as an extra trust anchor.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly PbeParameters s_inMemoryPkcs12 =
        new(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, iterationCount: 1);

    private TestCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
        AuthorityPem = authority.ExportCertificatePem();
    }

    /// <summary>The CA certificate, without its private key.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate as PEM (certificate only).</summary>
    public string AuthorityPem { get; }

    /// <summary>The server (leaf) certificate with its private key, usable by Kestrel.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Issues the CA and the server certificate from the two given RSA keys.</summary>
    public static TestCertificates Create(RSA authorityKey, RSA serverKey, DateTimeOffset now)
    {
        // Whole seconds: X.509 times carry no fractions, and this keeps NotBefore/NotAfter predictable.
        now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);

        var authorityRequest = new CertificateRequest(
            "CN=ScalekitReadiness Test CA", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(
            new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var authoritySki = new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false);
        authorityRequest.CertificateExtensions.Add(authoritySki);

        using X509Certificate2 authorityWithKey = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var serverRequest = new CertificateRequest(
            "CN=ScalekitReadiness Test Server", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        serverRequest.CertificateExtensions.Add(
            new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        serverRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        serverRequest.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var subjectAlternativeNames = new SubjectAlternativeNameBuilder();
        subjectAlternativeNames.AddDnsName("localhost");
        subjectAlternativeNames.AddIpAddress(IPAddress.Parse("127.0.0.1"));
        subjectAlternativeNames.AddIpAddress(IPAddress.Parse("127.0.0.2"));
        serverRequest.CertificateExtensions.Add(subjectAlternativeNames.Build(critical: false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(authoritySki));

        using X509Certificate2 serverPublic = serverRequest.Create(
            authorityWithKey, now.AddDays(-1), now.AddDays(20), RandomSerialNumber());
        using X509Certificate2 serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // Round-trip through PKCS#12 so the private key is a persisted, exportable key rather than the ephemeral
        // one CopyWithPrivateKey attaches; TLS stacks (notably SChannel) refuse ephemeral keys. The blob never
        // leaves memory, so one PBKDF2 iteration is enough; the default iteration counts cost ~35 ms per start.
        byte[] pkcs12 = serverWithKey.ExportPkcs12(s_inMemoryPkcs12, password: null);
        X509Certificate2 server = X509CertificateLoader.LoadPkcs12(pkcs12, password: null);
        X509Certificate2 authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);
        return new TestCertificates(authority, server);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }

    private static byte[] RandomSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        // Positive (top bit clear) and minimal (first byte non-zero) as a DER INTEGER.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
