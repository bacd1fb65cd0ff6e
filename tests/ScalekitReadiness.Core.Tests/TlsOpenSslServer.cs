using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace ScalekitReadiness.Tests;

/// <summary>
/// A real TLS server that is not ours: <c>openssl s_server</c> on loopback, with the protocol versions given
/// (for example <c>-tls1</c>). It proves the probe reads a TLS 1.0 ServerHello from an independent TLS stack,
/// not only from the test deployment's own responder. Needs the <c>openssl</c> command (Debian package openssl).
/// </summary>
internal sealed class TlsOpenSslServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private TlsOpenSslServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = new Uri("https://127.0.0.1:" + port + "/");
    }

    public Uri Url { get; }

    /// <summary>Starts the server with these s_server protocol switches and waits until it listens.</summary>
    public static async Task<TlsOpenSslServer> StartAsync(params string[] protocolSwitches)
    {
        string directory = Directory.CreateTempSubdirectory("skr-openssl-").FullName;
        using (RSA key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            await File.WriteAllTextAsync(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string argument in new[] { "s_server", "-accept", "127.0.0.1:0", "-cert", "cert.pem", "-key", "key.pem", "-www" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (string argument in protocolSwitches)
        {
            info.ArgumentList.Add(argument);
        }

        // Security level 0: OpenSSL 3 otherwise refuses the SHA-1 signatures TLS 1.0 and 1.1 need.
        info.ArgumentList.Add("-cipher");
        info.ArgumentList.Add("DEFAULT:@SECLEVEL=0");
        Process process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        Task<int> ready = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is string line)
            {
                Match match = Regex.Match(line, @"^ACCEPT 127\.0\.0\.1:(\d+)");
                if (match.Success)
                {
                    return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return 0;
        });
        if (await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(20))) != ready || ready.Result == 0)
        {
            process.Kill();
            process.Dispose();
            Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException("openssl s_server did not start listening within 20 s.");
        }

        return new TlsOpenSslServer(process, directory, ready.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
