using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ScalekitReadiness.Http;

/// <summary>
/// Decides whether a server certificate is trusted: the platform's verdict first, then (for chain errors
/// only) the extra CA certificates from <c>Network.TrustedCaPath</c>. A host-name mismatch is never forgiven.
/// </summary>
internal sealed class CertificateTrust
{
    private readonly X509Certificate2[] _extraRoots;
    private readonly bool _skipCheck;
    private readonly ConcurrentDictionary<string, string> _lastFailure = new(StringComparer.OrdinalIgnoreCase);

    public CertificateTrust(string? trustedCaPath, bool skipCheck)
    {
        _skipCheck = skipCheck;
        _extraRoots = trustedCaPath is null ? Array.Empty<X509Certificate2>() : LoadPem(trustedCaPath);
    }

    /// <summary>Reads every certificate of a PEM file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file holds no PEM certificate.</exception>
    public static X509Certificate2[] LoadPem(string path)
    {
        const string Begin = "-----BEGIN CERTIFICATE-----";
        const string End = "-----END CERTIFICATE-----";
        string text = File.ReadAllText(path);
        var certificates = new List<X509Certificate2>();
        int start = text.IndexOf(Begin, StringComparison.Ordinal);
        while (start >= 0)
        {
            int end = text.IndexOf(End, start, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            string base64 = text.Substring(start + Begin.Length, end - start - Begin.Length);
            byte[] der = Convert.FromBase64String(string.Concat(base64.Where(c => !char.IsWhiteSpace(c))));
#if NET9_0_OR_GREATER
            certificates.Add(X509CertificateLoader.LoadCertificate(der));
#else
            certificates.Add(new X509Certificate2(der));
#endif
            start = text.IndexOf(Begin, end, StringComparison.Ordinal);
        }

        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        return certificates.ToArray();
    }

    /// <summary>Returns why the last handshake with <paramref name="host"/> was refused, if it was.</summary>
    public string? LastFailure(string host) => _lastFailure.TryGetValue(host, out string? why) ? why : null;

    /// <summary>The handler's validation callback.</summary>
    public bool Validate(string host, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (_skipCheck || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            _lastFailure[host] = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0
                ? "the certificate is not valid for the host name"
                : "the server sent no usable certificate (" + errors + ")";
            return false;
        }

        if (_extraRoots.Length > 0 && ChainsToExtraRoot(certificate))
        {
            return true;
        }

        _lastFailure[host] = "the certificate chain is not trusted (expired, or issued by an unknown CA"
            + (_extraRoots.Length > 0 ? ", including the CAs of the trusted-CA file)" : ")");
        return false;
    }

    private bool ChainsToExtraRoot(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
#if NET5_0_OR_GREATER
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        return chain.Build(certificate);
#else
        // No custom trust mode before .NET 5: build against the extra store, then demand that the only
        // complaint is the unknown root and that the root is one of ours.
        chain.ChainPolicy.ExtraStore.AddRange(_extraRoots);
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        if (!chain.Build(certificate))
        {
            return false;
        }

        X509Certificate2 root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
        bool rootIsOurs = _extraRoots.Any(r => string.Equals(r.Thumbprint, root.Thumbprint, StringComparison.OrdinalIgnoreCase));
        bool onlyUnknownRoot = chain.ChainStatus.All(s =>
            s.Status == X509ChainStatusFlags.NoError || s.Status == X509ChainStatusFlags.UntrustedRoot);
        return rootIsOurs && onlyUnknownRoot;
#endif
    }
}
