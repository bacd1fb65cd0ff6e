using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ScalekitReadiness.ReferenceMcpServer;

/// <summary>
/// Runs the reference MCP server on 127.0.0.1 and prints one JSON line when it listens:
/// <c>{"McpUrl":"https://localhost:&lt;port&gt;/mcp","ResourceMetadataUrl":"…","Issuer":"…","Port":…,"Pid":…,"Https":true}</c>.
/// It stops on SIGTERM / Ctrl+C and when the --parent-pid process is gone.
/// </summary>
internal static class Program
{
    private static readonly TimeSpan s_parentPollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<int> Main(string[] args)
    {
        ServerOptions? options = ServerOptions.Parse(args, out string? error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(ServerOptions.Usage);
            return 2;
        }

        if (options.LogPath is not null)
        {
            Console.SetError(new StreamWriter(options.LogPath, append: true) { AutoFlush = true });
        }

        DateTime? parentStart = null;
        if (options.ParentPid is int parentPid && !TryStartTime(parentPid, out parentStart))
        {
            Console.Error.WriteLine($"Parent process {parentPid} is not running.");
            return 2;
        }

        var urls = new ServerUrls();
        await using WebApplication app = ReferenceServer.Build(options, urls);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        urls.Bind(options.CertificatePath is not null, new Uri(address).Port);

        Console.Out.WriteLine(new JsonObject
        {
            ["McpUrl"] = urls.McpUrl,
            ["ResourceMetadataUrl"] = urls.ResourceMetadataUrl,
            ["Issuer"] = options.Issuer.AbsoluteUri.TrimEnd('/'),
            ["Port"] = new Uri(address).Port,
            ["Pid"] = Environment.ProcessId,
            ["Https"] = options.CertificatePath is not null,
        }.ToJsonString());
        Console.Out.Flush();

        if (options.ParentPid is int pid)
        {
            _ = WatchParentAsync(pid, parentStart, app);
        }

        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task WatchParentAsync(int pid, DateTime? start, WebApplication app)
    {
        CancellationToken stopping = app.Lifetime.ApplicationStopping;
        while (!stopping.IsCancellationRequested)
        {
            if (!TryStartTime(pid, out DateTime? now) || now != start)
            {
                Console.Error.WriteLine($"Parent process {pid} is gone; stopping.");
                app.Lifetime.StopApplication();
                return;
            }

            try
            {
                await Task.Delay(s_parentPollInterval, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Whether the process runs; its start time tells a reused pid apart (null when it cannot be read).</summary>
    private static bool TryStartTime(int pid, out DateTime? start)
    {
        start = null;
        try
        {
            using Process process = Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                start = process.StartTime;
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Not readable: the id alone decides.
            }

            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
