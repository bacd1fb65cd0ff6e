using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.SecretScan;

namespace ScalekitReadiness.Tests;

/// <summary>
/// A source tree generated in a temporary folder for SK-QC-030. Every secret is made up at run time, so the
/// repository never holds a real-looking credential; <see cref="Secrets"/> remembers each one so a test can
/// assert that none reaches the result.
/// </summary>
internal sealed class SecretExposureFixture : IDisposable
{
    public SecretExposureFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "sk-secret-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public List<string> Secrets { get; } = new();

    /// <summary>Gets the redactor of the last run, to prove every secret found was handed to it.</summary>
    public Redactor? LastRedactor { get; private set; }

    /// <summary>A random hex value: no placeholder word ("here", "your", "fake"…) can appear in it by chance.</summary>
    public static string Hex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    public static string NewClientSecret() => "test_" + Hex(20);

    public static string NewWebhookSecret() => "whsec_" + Hex(24);

    public static string NewJwt()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Part("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + Part("{\"sub\":\"usr_" + Hex(8) + "\",\"iss\":\"https://acme.scalekit.com\"}") + "." + Hex(32);
    }

    public string ClientSecret() => Remember(NewClientSecret());

    public string WebhookSecret() => Remember(NewWebhookSecret());

    public string Jwt() => Remember(NewJwt());

    /// <summary>A real PKCS#8 RSA key in PEM form; <paramref name="body"/> is its base64 body on one line.</summary>
    public string PrivateKeyPem(out string body)
    {
        using var rsa = RSA.Create(2048);
        body = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
        Remember(body);
        var pem = new StringBuilder("-----BEGIN PRIVATE KEY-----\n");
        for (int i = 0; i < body.Length; i += 64)
        {
            pem.Append(body, i, Math.Min(64, body.Length - i)).Append('\n');
        }

        return pem.Append("-----END PRIVATE KEY-----\n").ToString();
    }

    public string Remember(string secret)
    {
        Secrets.Add(secret);
        return secret;
    }

    public string Write(string relativePath, string content)
    {
        string full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void WriteBytes(string relativePath, byte[] content)
    {
        string full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    /// <summary>Runs git in the fixture (with a throw-away identity) and fails the test on a non-zero exit.</summary>
    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-c", "user.name=Fixture", "-c", "user.email=fixture@example.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        }

        return output.Trim();
    }

    /// <summary>Runs SK-QC-030 the way the cmdlet does: through the engine, on a configuration with Source.Path.</summary>
    public async Task<CheckResult> RunAsync(SecretScanOptions? options = null, string? path = null, Action<AuditConfiguration>? configure = null)
    {
        var configuration = new AuditConfiguration { SourcePath = path ?? Root };
        configure?.Invoke(configuration);
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        LastRedactor = context.Redactor;
        var check = new SecretExposureCheck(options ?? new SecretScanOptions());
        return (await AuditEngine.RunCheckAsync(context, check, CancellationToken.None)).Single();
    }

    public void Dispose()
    {
        try
        {
            foreach (string file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal); // git makes its objects read-only
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
