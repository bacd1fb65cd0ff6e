using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.TestDeployment;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>
/// The reference MCP server (tests/ReferenceMcpServer, official C# MCP SDK) started for a test on loopback, accepting
/// the JWTs of <see cref="OidcProviderPeer"/> for its own URL. HTTPS with the same test-CA certificate as the provider.
/// </summary>
internal sealed class ReferenceMcpServerPeer : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_buildLock = new(1, 1);

    private readonly PeerProcess _process;

    private ReferenceMcpServerPeer(PeerProcess process, string? caPath)
    {
        _process = process;
        CaPath = caPath;
        McpUrl = process.Ready.GetProperty("McpUrl").GetString()!;
        ResourceMetadataUrl = process.Ready.GetProperty("ResourceMetadataUrl").GetString()!;
    }

    /// <summary>https://localhost:&lt;port&gt;/mcp: the endpoint, the resource identifier and the only accepted audience.</summary>
    public string McpUrl { get; }

    /// <summary>The path-aware protected resource metadata URL named in its challenges.</summary>
    public string ResourceMetadataUrl { get; }

    /// <summary>The test CA to trust; null over plain HTTP.</summary>
    public string? CaPath { get; }

    /// <summary>Starts the server for <paramref name="provider"/>'s issuer, over HTTP when the provider runs over HTTP.</summary>
    public static async Task<ReferenceMcpServerPeer> StartAsync(OidcProviderPeer provider, string? sessionMode = null)
    {
        var arguments = new List<string> { await ServerDllAsync(), "--issuer", provider.Issuer };
        string? caPath = null;
        if (provider.CaPath is null)
        {
            arguments.Add("--http");
        }
        else
        {
            PeerTlsFiles tls = await PeerProcess.TlsFilesAsync();
            arguments.AddRange(["--ca", provider.CaPath, "--tls-cert", tls.CertificatePath, "--tls-key", tls.KeyPath]);
            caPath = tls.CaPath;
        }

        if (sessionMode is not null)
        {
            arguments.AddRange(["--session-mode", sessionMode]);
        }

        return new ReferenceMcpServerPeer(await PeerProcess.StartAsync("dotnet", arguments, PeerProcess.PeersPath), caPath);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>
    /// SKR_REFERENCE_MCP_SERVER (build.ps1 -Task Test sets it), else output/ReferenceMcpServer, built there once if missing
    /// (a plain `dotnet test` on a clean clone). Not a project reference: its newer IdentityModel would leak into these tests.
    /// </summary>
    private static async Task<string> ServerDllAsync()
    {
        if (Environment.GetEnvironmentVariable("SKR_REFERENCE_MCP_SERVER") is { Length: > 0 } configured)
        {
            return configured;
        }

        string root = PeerProcess.RepositoryRoot();
        string output = Path.Combine(root, "output", "ReferenceMcpServer");
        string dll = Path.Combine(output, "ReferenceMcpServer.dll");
        await s_buildLock.WaitAsync();
        try
        {
            if (!File.Exists(dll))
            {
                await PeerProcess.RunAsync(
                    "dotnet", ["build", Path.Combine(root, "tests", "ReferenceMcpServer"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"], root);
            }
        }
        finally
        {
            s_buildLock.Release();
        }

        return dll;
    }
}
