using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScalekitReadiness.TestDeployment;

/// <summary>What a server certificate issued by the test CA is like; each non-valid kind breaks one rule of SK-QC-010.</summary>
internal enum ServerCertificateKind
{
    /// <summary>Valid for 90 days, for localhost, 127.0.0.1 and 127.0.0.2.</summary>
    Valid,

    /// <summary>Expires in 20 days (inside the 30-day warning window).</summary>
    ExpiresIn20Days,

    /// <summary>Expires in 5 days (inside the 7-day failure window).</summary>
    ExpiresIn5Days,

    /// <summary>Expired yesterday.</summary>
    Expired,

    /// <summary>Valid, but only for other-host.sk-probe.invalid.</summary>
    WrongHost,
}

/// <summary>
/// A throwaway test CA and the TLS server certificates it signs. <see cref="Server"/> is valid for localhost,
/// 127.0.0.1 and 127.0.0.2; <see cref="IssueServer"/> makes the faulty ones. Clients trust the deployment by
/// adding <see cref="AuthorityPem"/> as an extra trust anchor.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    /// <summary>The only name a <see cref="ServerCertificateKind.WrongHost"/> certificate is valid for.</summary>
    public const string WrongHostName = "other-host.sk-probe.invalid";

    private static readonly PbeParameters s_inMemoryPkcs12 =
        new(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, iterationCount: 1);

    private readonly X509Certificate2 _authorityWithKey;
    private readonly X509SubjectKeyIdentifierExtension _authoritySki;
    private readonly RSA _serverKey;
    private readonly DateTimeOffset _now;
    private readonly List<X509Certificate2> _issued = [];

    private TestCertificates(X509Certificate2 authorityWithKey, X509SubjectKeyIdentifierExtension authoritySki, RSA serverKey, DateTimeOffset now)
    {
        _authorityWithKey = authorityWithKey;
        _authoritySki = authoritySki;
        _serverKey = serverKey;
        _now = now;
        Authority = X509CertificateLoader.LoadCertificate(authorityWithKey.RawData);
        AuthorityPem = Authority.ExportCertificatePem();
        Server = IssueServer(ServerCertificateKind.Valid);
    }

    /// <summary>The CA certificate, without its private key.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The CA certificate as PEM (certificate only).</summary>
    public string AuthorityPem { get; }

    /// <summary>The valid server (leaf) certificate with its private key, usable by Kestrel.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Issues the CA and the valid server certificate from the two given RSA keys (both are copied).</summary>
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

        // Wide enough to cover every leaf below, the expired one included: an issuer must span its leaves.
        X509Certificate2 authorityWithKey = authorityRequest.CreateSelfSigned(now.AddDays(-60), now.AddDays(365));
        var serverKeyCopy = RSA.Create();
        serverKeyCopy.ImportPkcs8PrivateKey(serverKey.ExportPkcs8PrivateKey(), out _);
        return new TestCertificates(authorityWithKey, authoritySki, serverKeyCopy, now);
    }

    /// <summary>Issues a server certificate of the given kind; it is disposed with this object.</summary>
    public X509Certificate2 IssueServer(ServerCertificateKind kind)
    {
        (DateTimeOffset notBefore, DateTimeOffset notAfter) = kind switch
        {
            // The extra hour keeps the whole-day count at 20 and 5 while the tests run.
            ServerCertificateKind.ExpiresIn20Days => (_now.AddDays(-1), _now.AddDays(20).AddHours(1)),
            ServerCertificateKind.ExpiresIn5Days => (_now.AddDays(-1), _now.AddDays(5).AddHours(1)),
            ServerCertificateKind.Expired => (_now.AddDays(-30), _now.AddDays(-1)),
            _ => (_now.AddDays(-1), _now.AddDays(90)),
        };
        bool wrongHost = kind == ServerCertificateKind.WrongHost;

        var request = new CertificateRequest(
            wrongHost ? "CN=" + WrongHostName : "CN=ScalekitReadiness Test Server", _serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(
            new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var subjectAlternativeNames = new SubjectAlternativeNameBuilder();
        if (wrongHost)
        {
            subjectAlternativeNames.AddDnsName(WrongHostName);
        }
        else
        {
            subjectAlternativeNames.AddDnsName("localhost");
            subjectAlternativeNames.AddIpAddress(IPAddress.Parse("127.0.0.1"));
            subjectAlternativeNames.AddIpAddress(IPAddress.Parse("127.0.0.2"));
        }

        request.CertificateExtensions.Add(subjectAlternativeNames.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(_authoritySki));

        using X509Certificate2 serverPublic = request.Create(_authorityWithKey, notBefore, notAfter, RandomSerialNumber());
        using X509Certificate2 serverWithKey = serverPublic.CopyWithPrivateKey(_serverKey);

        // Round-trip through PKCS#12 so the private key is a persisted, exportable key rather than the ephemeral
        // one CopyWithPrivateKey attaches; TLS stacks (notably SChannel) refuse ephemeral keys. The blob never
        // leaves memory, so one PBKDF2 iteration is enough; the default iteration counts cost ~35 ms per start.
        byte[] pkcs12 = serverWithKey.ExportPkcs12(s_inMemoryPkcs12, password: null);
        X509Certificate2 server = X509CertificateLoader.LoadPkcs12(pkcs12, password: null);
        lock (_issued)
        {
            _issued.Add(server);
        }

        return server;
    }

    public void Dispose()
    {
        Authority.Dispose();
        _authorityWithKey.Dispose();
        _serverKey.Dispose();
        lock (_issued)
        {
            foreach (X509Certificate2 certificate in _issued)
            {
                certificate.Dispose();
            }
        }
    }

    private static byte[] RandomSerialNumber()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        // Positive (top bit clear) and minimal (first byte non-zero) as a DER INTEGER.
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
