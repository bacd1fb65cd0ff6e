using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.TestDeployment;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>
/// A third-party server (tests/peers) started for a test on loopback: it prints one JSON line when ready, gets this
/// process's id as --parent-pid (so it stops with the test run even if the test host is killed) and is killed on dispose.
/// Its own log goes to a temporary file, so a chatty server never blocks on a full pipe.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim s_tlsLock = new(1, 1);
    private static PeerTlsFiles? s_tls;

    private readonly Process _process;

    private PeerProcess(Process process, JsonElement ready, string logPath)
    {
        _process = process;
        Ready = ready;
        LogPath = logPath;
    }

    /// <summary>The server's ready line.</summary>
    public JsonElement Ready { get; }

    /// <summary>Where the server's own messages go.</summary>
    public string LogPath { get; }

    /// <summary>tests/peers: SKR_PEERS if set, else found above the test assembly (the folder holding ScalekitReadiness.sln).</summary>
    public static string PeersPath => Environment.GetEnvironmentVariable("SKR_PEERS") is { Length: > 0 } path
        ? path
        : Path.Combine(RepositoryRoot(), "tests", "peers");

    /// <summary>The repository root: the first folder above the test assembly that holds ScalekitReadiness.sln.</summary>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScalekitReadiness.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ScalekitReadiness.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A test CA and a localhost/127.0.0.1 server certificate as PEM files, written once per test run.</summary>
    public static async Task<PeerTlsFiles> TlsFilesAsync()
    {
        await s_tlsLock.WaitAsync();
        try
        {
            if (s_tls is null)
            {
                string directory = Path.Combine(Path.GetTempPath(), $"skr-peer-tls-{Environment.ProcessId}-{Guid.NewGuid():N}");
                s_tls = await PeerTlsFiles.WriteAsync(directory);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
            }

            return s_tls;
        }
        finally
        {
            s_tlsLock.Release();
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with the arguments (plus --parent-pid and --log) and waits for its ready line.</summary>
    public static async Task<PeerProcess> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        string logPath = Path.Combine(Path.GetTempPath(), $"skr-peer-{Guid.NewGuid():N}.log");
        ProcessStartInfo info = StartInfo(
            fileName, [.. arguments, "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log", logPath], workingDirectory);
        // Never read: the peers are started with --ignore-stdin, and a redirected stdin keeps the test host's own away from them.
        info.RedirectStandardInput = true;

        Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName);
        try
        {
            using var timeout = new CancellationTokenSource(s_startTimeout);
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (string.IsNullOrEmpty(line))
            {
                throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} did not start: {ReadLog(logPath)}");
            }

            return new PeerProcess(process, JsonDocument.Parse(line).RootElement.Clone(), logPath);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Runs a short-lived helper script to its end and returns its stdout, or throws with its stderr.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        ProcessStartInfo info = StartInfo(fileName, arguments, workingDirectory);
        info.RedirectStandardError = true;
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName);
        using var timeout = new CancellationTokenSource(s_startTimeout);
        Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            File.Delete(LogPath);
        }
        catch (IOException)
        {
            // Left in the temporary folder.
        }
    }

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string ReadLog(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
