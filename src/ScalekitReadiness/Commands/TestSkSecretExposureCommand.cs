using System.IO;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks.QuickChecks;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Scans a source tree for committed credentials (SK-QC-030).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkSecretExposure")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkSecretExposureCommand : SkCmdletBase
{
    /// <summary>Gets or sets the folder(s) (or single files) to scan.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "SourcePath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets .gitignore-style patterns of files and folders to skip, in addition to .skreadinessignore.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] Exclude { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets a value indicating whether the added lines of every commit are scanned too.</summary>
    [Parameter]
    public SwitchParameter IncludeHistory { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (string value in Path)
        {
            string full = ResolvePath(value);
            if (!Directory.Exists(full) && !File.Exists(full))
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"The path '{full}' does not exist. Give the folder of the application's source code."),
                    ErrorIds.SourcePathNotFound,
                    ErrorCategory.ObjectNotFound,
                    value));
                continue;
            }

            // The same keys an audit configuration has (Source.Path, Source.Exclude, Source.IncludeHistory).
            var configuration = new AuditConfiguration { SourcePath = full, SourceIncludeHistory = IncludeHistory.IsPresent };
            foreach (string pattern in Exclude)
            {
                configuration.SourceExclude.Add(pattern);
            }

            AuditRunner.Run(this, configuration, new[] { new SecretExposureCheck() }, new AuditRunOptions(), showProgress: false);
        }
    }
}
