using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// The per-deployment temporary directories (they hold the CA PEM file). Each name carries the owning process id,
/// so directories left behind by a process that was killed (harnesses stop the standalone program with SIGKILL)
/// are swept away by the next process that starts a deployment.
/// </summary>
internal static class TemporaryDirectories
{
    private const string Prefix = "scalekit-readiness-deployment-";

    private static int s_swept;

    /// <summary>Creates a fresh directory owned by this process, after sweeping stale ones once per process.</summary>
    public static DirectoryInfo Create()
    {
        if (Interlocked.Exchange(ref s_swept, 1) == 0)
        {
            SweepStale();
        }

        return Directory.CreateTempSubdirectory(Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-");
    }

    /// <summary>Best effort: on Windows a reader may still hold the PEM file open.</summary>
    public static void TryDelete(DirectoryInfo? directory)
    {
        try
        {
            directory?.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next sweep.
        }
    }

    private static void SweepStale()
    {
        try
        {
            foreach (string path in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
            {
                // <prefix><pid>-<random>
                string name = Path.GetFileName(path)[Prefix.Length..];
                int dash = name.IndexOf('-');
                if (dash > 0
                    && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int ownerId)
                    && !IsRunning(ownerId))
                {
                    TryDelete(new DirectoryInfo(path));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The temp directory could not be listed; sweeping is only housekeeping.
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
