using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// How an HTTPS listener presents itself on the wire: its certificate, its Strict-Transport-Security header and
/// the legacy TLS versions its port answers. The app listener's policy carries the transport faults (SK-QC-010).
/// </summary>
internal sealed class TransportPolicy
{
    /// <summary>The header every clean HTTPS listener sends: one year, subdomains included.</summary>
    public const string CleanStrictTransportSecurity = "max-age=31536000; includeSubDomains";

    private TransportPolicy(X509Certificate2? certificate, string? strictTransportSecurity, IReadOnlySet<ushort> legacyTlsVersions)
    {
        Certificate = certificate;
        StrictTransportSecurity = strictTransportSecurity;
        LegacyTlsVersions = legacyTlsVersions;
    }

    /// <summary>The clean policy: the deployment's server certificate, the clean HSTS header, TLS 1.2+ only.</summary>
    public static TransportPolicy Clean { get; } = new(null, CleanStrictTransportSecurity, new HashSet<ushort>());

    /// <summary>The certificate to present, or null for the deployment's valid server certificate.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The Strict-Transport-Security value sent on every response, or null for none.</summary>
    public string? StrictTransportSecurity { get; }

    /// <summary>The legacy TLS versions (0x0301, 0x0302) whose ClientHello gets a ServerHello of that version.</summary>
    public IReadOnlySet<ushort> LegacyTlsVersions { get; }

    /// <summary>The app listener's policy under the active faults.</summary>
    public static TransportPolicy ForApp(DeploymentState state, TestCertificates certificates)
    {
        ServerCertificateKind kind =
            state.Has(Faults.CertExpired) ? ServerCertificateKind.Expired
            : state.Has(Faults.CertExpiringCritical) ? ServerCertificateKind.ExpiresIn5Days
            : state.Has(Faults.CertExpiringSoon) ? ServerCertificateKind.ExpiresIn20Days
            : state.Has(Faults.CertWrongHost) ? ServerCertificateKind.WrongHost
            : ServerCertificateKind.Valid;

        string? hsts =
            state.Has(Faults.HstsMissing) ? null
            : state.Has(Faults.HstsShort) ? "max-age=300; includeSubDomains"
            : state.Has(Faults.HstsNoSubdomains) ? "max-age=31536000"
            : CleanStrictTransportSecurity;

        var legacy = new HashSet<ushort>();
        if (state.Has(Faults.Tls10Accepted))
        {
            legacy.Add(LegacyTlsResponder.Tls10);
        }

        if (state.Has(Faults.Tls11Accepted))
        {
            legacy.Add(LegacyTlsResponder.Tls11);
        }

        return new TransportPolicy(kind == ServerCertificateKind.Valid ? null : certificates.IssueServer(kind), hsts, legacy);
    }
}
