using System;
using System.IO;

namespace ScalekitReadiness.Reports;

/// <summary>The file already exists and overwriting was not asked for.</summary>
internal sealed class ReportFileExistsException : IOException
{
    public ReportFileExistsException(string path)
        : base($"The file '{path}' already exists. Use -Force to overwrite it, or give another -Path.")
    {
    }
}

/// <summary>
/// Writes a report file atomically: into a temporary file in the same folder (same volume, so the rename is
/// atomic), then renamed over the target. A reader never sees half a report, and a failure leaves no partial file.
/// </summary>
internal static class ReportFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; the old file, if any, stays intact until the rename.</summary>
    /// <exception cref="ReportFileExistsException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public static void Write(string path, bool overwrite, Action<Stream> write)
    {
        string directory = Path.GetDirectoryName(path) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!overwrite && File.Exists(path))
        {
            throw new ReportFileExistsException(path);
        }

        // A hidden sibling with a random part: two exports to the same path never share a temporary file.
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (!overwrite)
            {
                // Fails if another writer created the file meanwhile: never overwrite without -Force.
                MoveNew(temporary, path);
            }
            else
            {
                Replace(temporary, path);
            }
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void MoveNew(string temporary, string path)
    {
        try
        {
            File.Move(temporary, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new ReportFileExistsException(path);
        }
    }

    private static void Replace(string temporary, string path)
    {
#if NET5_0_OR_GREATER
        File.Move(temporary, path, overwrite: true);
#else
        if (File.Exists(path))
        {
            File.Replace(temporary, path, destinationBackupFileName: null);
        }
        else
        {
            File.Move(temporary, path);
        }
#endif
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is what the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
