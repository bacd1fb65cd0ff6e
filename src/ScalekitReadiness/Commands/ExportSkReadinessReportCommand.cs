using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using ScalekitReadiness.Reports;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Writes results to a report file: Html, Markdown, Json, JUnit, Sarif or Csv.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "SkReadinessReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSkReadinessReportCommand : PSCmdlet
{
    private readonly List<CheckResult> _results = new();

    /// <summary>Gets or sets the file to write; its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the format of the file.</summary>
    [Parameter(Mandatory = true)]
    public ReportFormat Format { get; set; }

    /// <summary>Gets or sets the results to write, usually piped from Invoke-SkReadinessAudit.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public CheckResult[] InputObject { get; set; } = Array.Empty<CheckResult>();

    /// <summary>Gets or sets a value indicating whether an existing file is replaced.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Gets or sets a value indicating whether the written file is returned.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => _results.AddRange(InputObject);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        string path = ResolveTarget();
        if (!ShouldProcess(path, $"Write a {Format} report of {_results.Count} results"))
        {
            return;
        }

        var document = new ReportDocument(_results, DateTimeOffset.UtcNow);
        ReportWriter writer = ReportWriter.For(Format);
        try
        {
            ReportFile.Write(path, Force.IsPresent, stream => writer.Write(stream, document));
        }
        catch (ReportFileExistsException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.ReportFileExists, ErrorCategory.ResourceExists, path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"The report '{path}' could not be written: {ex.Message} Nothing was left behind; check the permissions and free space of the folder.", ex),
                ErrorIds.ReportWriteFailed,
                ErrorCategory.WriteError,
                path));
        }

        WriteVerbose($"Wrote the {Format} report of {_results.Count} results to {path}.");
        if (PassThru.IsPresent)
        {
            WriteObject(new FileInfo(path));
        }
    }

    private string ResolveTarget()
    {
        string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path, out ProviderInfo provider, out _);
        if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
        {
            Stop(new ArgumentException($"'{Path}' is not a file-system path ({provider.Name}). Give a file path."), ErrorIds.ReportPathInvalid, ErrorCategory.InvalidArgument, Path);
        }

        if (Directory.Exists(path))
        {
            Stop(new ArgumentException($"'{path}' is a folder. Give the path of the report file, e.g. {System.IO.Path.Combine(path, "report" + Extension(Format))}."), ErrorIds.ReportPathInvalid, ErrorCategory.InvalidArgument, path);
        }

        string? folder = System.IO.Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            Stop(new DirectoryNotFoundException($"The folder '{folder}' of the report does not exist. Create it first (New-Item -ItemType Directory), or give another -Path."), ErrorIds.ReportPathNotFound, ErrorCategory.ObjectNotFound, path);
        }

        if (!Force.IsPresent && File.Exists(path))
        {
            Stop(new ReportFileExistsException(path), ErrorIds.ReportFileExists, ErrorCategory.ResourceExists, path);
        }

        return path;
    }

    private void Stop(Exception exception, string errorId, ErrorCategory category, object target) =>
        ThrowTerminatingError(new ErrorRecord(exception, errorId, category, target));

    private static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Html => ".html",
        ReportFormat.Markdown => ".md",
        ReportFormat.JUnit => ".xml",
        ReportFormat.Sarif => ".sarif",
        ReportFormat.Csv => ".csv",
        _ => ".json",
    };
}
