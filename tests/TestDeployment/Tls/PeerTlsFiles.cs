using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// A test CA and a server certificate it issued (valid 90 days for localhost, 127.0.0.1 and 127.0.0.2) written as PEM
/// files, for the third-party peers (oidc-provider, the reference MCP server) to serve HTTPS with, so the module's
/// -TrustedCaPath works against them exactly as against the test deployment.
/// Standalone: <c>dotnet TestDeployment.dll --write-tls-files DIR</c> prints the three paths as JSON.
/// </summary>
public sealed class PeerTlsFiles
{
    private PeerTlsFiles(string caPath, string certificatePath, string keyPath)
    {
        CaPath = caPath;
        CertificatePath = certificatePath;
        KeyPath = keyPath;
    }

    /// <summary>The CA certificate (PEM), the trust anchor for clients.</summary>
    public string CaPath { get; }

    /// <summary>The server (leaf) certificate (PEM).</summary>
    public string CertificatePath { get; }

    /// <summary>The server certificate's private key (PKCS#8 PEM).</summary>
    public string KeyPath { get; }

    /// <summary>Writes ca.pem, server.pem and server-key.pem into <paramref name="directory"/> (created if missing).</summary>
    public static async Task<PeerTlsFiles> WriteAsync(string directory, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        ProcessKeys keys = await ProcessKeys.GetAsync().WaitAsync(ct);
        using RSA authorityKey = keys.CreateAuthorityKey();
        using RSA serverKey = keys.CreateServerKey();
        using TestCertificates certificates = TestCertificates.Create(authorityKey, serverKey, DateTimeOffset.UtcNow);
        var files = new PeerTlsFiles(
            Path.Combine(directory, "ca.pem"), Path.Combine(directory, "server.pem"), Path.Combine(directory, "server-key.pem"));
        await File.WriteAllTextAsync(files.CaPath, certificates.AuthorityPem, ct);
        await File.WriteAllTextAsync(files.CertificatePath, certificates.Server.ExportCertificatePem(), ct);
        await File.WriteAllTextAsync(files.KeyPath, serverKey.ExportPkcs8PrivateKeyPem(), ct);
        return files;
    }
}
