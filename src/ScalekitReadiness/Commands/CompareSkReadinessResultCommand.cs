using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using ScalekitReadiness.Reports;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Compares two readiness runs: new failures, fixes, findings still failing and changed severities.</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "SkReadinessResult")]
[OutputType(typeof(ResultComparison))]
public sealed class CompareSkReadinessResultCommand : PSCmdlet
{
    private readonly List<object> _difference = new();

    /// <summary>Gets or sets the earlier or baseline run: CheckResult objects, or paths of Json reports.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public object[] Reference { get; set; } = Array.Empty<object>();

    /// <summary>Gets or sets the later run: CheckResult objects (from the pipeline too), or paths of Json reports.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object[] Difference { get; set; } = Array.Empty<object>();

    /// <summary>Gets or sets a value indicating whether findings that did not change are listed too.</summary>
    [Parameter]
    public SwitchParameter IncludeUnchanged { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord() => _difference.AddRange(Difference);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        IReadOnlyList<CheckResult> reference = Collect(Reference, nameof(Reference));
        IReadOnlyList<CheckResult> difference = Collect(_difference, nameof(Difference));
        WriteVerbose($"Comparing {reference.Count} reference results with {difference.Count} difference results.");
        WriteObject(ResultComparer.Compare(reference, difference, IncludeUnchanged.IsPresent), enumerateCollection: true);
    }

    private List<CheckResult> Collect(IEnumerable<object> inputs, string parameter)
    {
        var results = new List<CheckResult>();
        foreach (object input in inputs)
        {
            object item = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (item)
            {
                case CheckResult result:
                    results.Add(result);
                    break;
                case string path:
                    results.AddRange(ReadReport(path));
                    break;
                case FileInfo file:
                    results.AddRange(ReadReport(file.FullName));
                    break;
                default:
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-{parameter} takes ScalekitReadiness.CheckResult objects or paths of Json reports (Export-SkReadinessReport -Format Json); it got a {item?.GetType().FullName ?? "null"}."),
                        ErrorIds.ComparisonInputInvalid,
                        ErrorCategory.InvalidType,
                        item));
                    break;
            }
        }

        return results;
    }

    private IReadOnlyList<CheckResult> ReadReport(string path)
    {
        string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        if (!File.Exists(full))
        {
            ThrowTerminatingError(new ErrorRecord(
                new FileNotFoundException($"The report '{full}' does not exist. Give the path of a report written by Export-SkReadinessReport -Format Json.", full),
                ErrorIds.ReportFileNotFound,
                ErrorCategory.ObjectNotFound,
                path));
        }

        try
        {
            using var reader = new StreamReader(full, detectEncodingFromByteOrderMarks: true);
            return JsonReportReader.Read(reader, full);
        }
        catch (ReportFormatException ex)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException(ex.Message, ex),
                ex.Problem == ReportFormatProblem.UnsupportedSchemaVersion ? ErrorIds.ReportSchemaVersionUnsupported : ErrorIds.ReportNotReadable,
                ErrorCategory.InvalidData,
                path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.ReportNotReadable, ErrorCategory.ReadError, path));
        }

        return Array.Empty<CheckResult>(); // unreachable: every catch throws
    }
}
