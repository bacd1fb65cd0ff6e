using System;
using System.IO;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("skr-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AWriterThatFailsHalfwayLeavesNoFile()
    {
        string path = Path.Combine(_folder, "report.html");

        Assert.Throws<InvalidOperationException>(() => ReportFile.Write(path, overwrite: false, stream =>
        {
            stream.Write(new byte[] { 1, 2, 3 }, 0, 3);
            throw new InvalidOperationException("boom");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AFailedOverwriteKeepsTheOldReportWhole()
    {
        string path = Path.Combine(_folder, "report.json");
        File.WriteAllText(path, "old report");

        Assert.Throws<IOException>(() => ReportFile.Write(path, overwrite: true, stream =>
        {
            stream.WriteByte(42);
            throw new IOException("disk full");
        }));

        Assert.Equal("old report", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AnExistingFileIsKeptWithoutOverwrite()
    {
        string path = Path.Combine(_folder, "report.md");
        File.WriteAllText(path, "old");

        ReportFileExistsException ex = Assert.Throws<ReportFileExistsException>(() => ReportFile.Write(path, overwrite: false, stream => stream.WriteByte(1)));

        Assert.Contains("-Force", ex.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void OverwriteReplacesTheFile()
    {
        string path = Path.Combine(_folder, "report.csv");
        File.WriteAllText(path, "old");

        ReportFile.Write(path, overwrite: true, stream => stream.Write(new byte[] { 0x6E, 0x65, 0x77 }, 0, 3));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AMissingFolderFailsBeforeAnythingIsWritten()
    {
        string path = Path.Combine(_folder, "missing", "report.html");

        Assert.Throws<DirectoryNotFoundException>(() => ReportFile.Write(path, overwrite: false, stream => stream.WriteByte(1)));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }
}
