using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// Runs a deployment standalone (for the Pester tests and by hand):
/// <c>dotnet TestDeployment.dll [--fault NAME]... [--token-latency-ms N] [--ready-file PATH] [--parent-pid PID] | --list-faults | --write-tls-files DIR</c>.
/// </summary>
internal static class Program
{
    private const int ExitOk = 0;
    private const int ExitFailure = 1;
    private const int ExitUsage = 2;

    private static readonly TimeSpan s_parentPollInterval = TimeSpan.FromMilliseconds(500);

    private const string Usage =
        "Usage: dotnet TestDeployment.dll [--fault NAME]... [--token-latency-ms N] [--ready-file PATH] [--parent-pid PID]\n" +
        "       dotnet TestDeployment.dll --list-faults\n" +
        "       dotnet TestDeployment.dll --write-tls-files DIR   (a test CA + server certificate as PEM, for the peers)";

    public static async Task<int> Main(string[] args)
    {
        var options = new DeploymentOptions();
        string? readyFile = null;
        int? parentPid = null;

        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--list-faults":
                    foreach (string fault in Deployment.KnownFaults)
                    {
                        Console.Out.WriteLine(fault);
                    }

                    return ExitOk;
                case "--write-tls-files" when i + 1 < args.Length:
                    PeerTlsFiles files = await PeerTlsFiles.WriteAsync(Path.GetFullPath(args[i + 1]));
                    Console.Out.WriteLine(new JsonObject
                    {
                        ["CaPath"] = files.CaPath,
                        ["CertificatePath"] = files.CertificatePath,
                        ["KeyPath"] = files.KeyPath,
                    }.ToJsonString());
                    return ExitOk;
                case "--help" or "-h":
                    Console.Out.WriteLine(Usage);
                    return ExitOk;
                case "--fault" when i + 1 < args.Length:
                    options.Faults.Add(args[++i]);
                    break;
                case "--token-latency-ms" when i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int latency):
                    options.TokenLatency = TimeSpan.FromMilliseconds(latency);
                    i++;
                    break;
                case "--ready-file" when i + 1 < args.Length:
                    readyFile = Path.GetFullPath(args[++i]);
                    break;
                case "--parent-pid" when i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid):
                    parentPid = pid;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"Unexpected or incomplete argument '{args[i]}'.");
                    Console.Error.WriteLine(Usage);
                    return ExitUsage;
            }
        }

        var known = new HashSet<string>(Deployment.KnownFaults, StringComparer.OrdinalIgnoreCase);
        foreach (string fault in options.Faults)
        {
            if (!known.Contains(fault))
            {
                Console.Error.WriteLine($"Unknown fault '{fault}'. Known faults:");
                foreach (string knownFault in Deployment.KnownFaults)
                {
                    Console.Error.WriteLine("  " + knownFault);
                }

                return ExitUsage;
            }
        }

        ParentProcess? parent = null;
        if (parentPid is int parentId)
        {
            parent = ParentProcess.Find(parentId);
            if (parent is null)
            {
                Console.Error.WriteLine($"Parent process {parentId} is not running.");
                return ExitUsage;
            }
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, stop));
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, stop));

        Deployment deployment;
        try
        {
            deployment = await Deployment.StartAsync(options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitOk;
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine($"The deployment failed to start: {exception}");
            return ExitFailure;
        }

        await using (deployment)
        {
            // The ready file first: whoever sees the stdout line can rely on the file being there too.
            string ready = ReadyJson(deployment);
            if (readyFile is not null)
            {
                WriteAtomically(readyFile, ready + "\n");
            }

            Console.Out.WriteLine(ready);

            try
            {
                await WaitUntilStoppedAsync(parent, stop.Token);
            }
            finally
            {
                // A stale ready file would point the next reader at listeners and a CA file that are gone.
                if (readyFile is not null)
                {
                    File.Delete(readyFile);
                }
            }
        }

        return ExitOk;
    }

    private static void Stop(PosixSignalContext signal, CancellationTokenSource stop)
    {
        // Keep the process alive: Main disposes the deployment and returns normally.
        signal.Cancel = true;
        stop.Cancel();
    }

    private static string ReadyJson(Deployment deployment)
    {
        var faults = new JsonArray();
        foreach (string fault in deployment.ActiveFaults)
        {
            faults.Add(fault);
        }

        return new JsonObject
        {
            ["EnvironmentUrl"] = deployment.EnvironmentUrlString,
            ["ClientId"] = deployment.ClientId,
            ["ClientSecret"] = deployment.ClientSecret,
            ["McpUrl"] = deployment.McpUrl,
            ["ResourceId"] = deployment.ResourceId,
            ["McpClientId"] = deployment.McpClientId,
            ["McpClientSecret"] = deployment.McpClientSecret,
            ["LimitedMcpClientId"] = deployment.LimitedMcpClientId,
            ["LimitedMcpClientSecret"] = deployment.LimitedMcpClientSecret,
            ["OtherMcpUrl"] = deployment.OtherMcpUrl,
            ["CustomLoginUrl"] = deployment.CustomLoginUrl,
            ["LoginUrl"] = deployment.LoginUrl,
            ["CallbackUrl"] = deployment.CallbackUrl,
            ["AuthorizeUrl"] = deployment.AuthorizeUrl,
            ["RegisteredRedirectUris"] = new JsonArray(deployment.RegisteredRedirectUris.Select(uri => (JsonNode?)uri).ToArray()),
            ["AppBaseUrl"] = deployment.AppBaseUrl,
            ["HttpAppBaseUrl"] = deployment.HttpAppBaseUrl,
            ["ForeignBaseUrl"] = deployment.ForeignBaseUrl,
            ["LabBaseUrl"] = deployment.LabBaseUrl,
            ["CaCertificatePemPath"] = deployment.CaCertificatePemPath,
            ["WebhookUrl"] = deployment.WebhookUrl,
            ["WebhookSecret"] = deployment.WebhookSecret,
            ["Faults"] = faults,
        }.ToJsonString();
    }

    /// <summary>Writes a sibling temporary file and renames it over the target, so a reader never sees half a file.</summary>
    private static void WriteAtomically(string path, string contents)
    {
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task WaitUntilStoppedAsync(ParentProcess? parent, CancellationToken stop)
    {
        try
        {
            if (parent is null)
            {
                await Task.Delay(Timeout.Infinite, stop);
                return;
            }

            while (parent.IsRunning())
            {
                await Task.Delay(s_parentPollInterval, stop);
            }

            Console.Error.WriteLine($"Parent process {parent.Id} is gone; stopping.");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM.
        }
    }

    /// <summary>
    /// The process whose end ends this one. Its start time is remembered so that a new process that happens to
    /// reuse the id does not keep the deployment alive.
    /// </summary>
    private sealed class ParentProcess
    {
        private readonly DateTime? _startTime;

        private ParentProcess(int id, DateTime? startTime)
        {
            Id = id;
            _startTime = startTime;
        }

        public int Id { get; }

        public static ParentProcess? Find(int id)
        {
            try
            {
                using Process process = Process.GetProcessById(id);
                return process.HasExited ? null : new ParentProcess(id, StartTimeOf(process));
            }
            catch (ArgumentException)
            {
                return null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        public bool IsRunning()
        {
            try
            {
                using Process process = Process.GetProcessById(Id);
                return !process.HasExited && (_startTime is null || StartTimeOf(process) == _startTime);
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static DateTime? StartTimeOf(Process process)
        {
            try
            {
                return process.StartTime;
            }
            catch (Exception exception) when (exception is InvalidOperationException or Win32Exception or NotSupportedException)
            {
                // Not readable (e.g. another user's process on Windows): fall back to the id alone.
                return null;
            }
        }
    }
}
