using System;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The RSA 2048 keys of the deployments, generated once per process.
/// </summary>
/// <remarks>
/// Generating an RSA 2048 key takes 0.2–0.6 s on a small CI machine, and a test run starts dozens of deployments,
/// so the keys are generated once (in parallel) and every deployment imports its own copies. Certificates are
/// still issued per deployment, with fresh serial numbers and validity; only the key pairs are shared.
/// The keys are kept as PKCS#8 bytes so no RSA instance is ever shared between deployments.
/// </remarks>
internal sealed class ProcessKeys
{
    private static readonly Lazy<Task<ProcessKeys>> s_instance =
        new(GenerateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly byte[] _authorityKey;
    private readonly byte[] _serverKey;
    private readonly byte[] _signingKey;

    private ProcessKeys(byte[] authorityKey, byte[] serverKey, byte[] signingKey)
    {
        _authorityKey = authorityKey;
        _serverKey = serverKey;
        _signingKey = signingKey;
    }

    public static Task<ProcessKeys> GetAsync() => s_instance.Value;

    /// <summary>A new RSA instance holding the test CA's key; the caller owns it.</summary>
    public RSA CreateAuthorityKey() => Import(_authorityKey);

    /// <summary>A new RSA instance holding the TLS server certificate's key; the caller owns it.</summary>
    public RSA CreateServerKey() => Import(_serverKey);

    /// <summary>A new RSA instance holding the environment's token signing key; the caller owns it.</summary>
    public RSA CreateSigningKey() => Import(_signingKey);

    private static async Task<ProcessKeys> GenerateAsync()
    {
        byte[][] keys = await Task.WhenAll(GenerateKeyAsync(), GenerateKeyAsync(), GenerateKeyAsync());
        return new ProcessKeys(keys[0], keys[1], keys[2]);
    }

    private static Task<byte[]> GenerateKeyAsync() => Task.Run(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    });

    private static RSA Import(byte[] pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa;
    }
}
