using System;
using System.IO;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Metrics;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Reads Scalekit's authentication log (the auth-log API, page by page) or an exported JSON/CSV file, as objects.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "SkAuthLog", DefaultParameterSetName = SecretSet)]
[OutputType(typeof(AuthLogEntry))]
public sealed class GetSkAuthLogCommand : EnvironmentClientCmdletBase
{
    private const string FileSet = "File";
    private const int ActivityId = 7320;

    /// <summary>Gets or sets the oldest time to read (inclusive).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    public DateTimeOffset StartTime { get; set; }

    /// <summary>Gets or sets the newest time to read (inclusive).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    public DateTimeOffset EndTime { get; set; }

    /// <summary>Gets or sets the statuses to read (default: all).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateSet("INITIATED", "PENDING", "SUCCESS", "FAILED", IgnoreCase = true)]
    public string[]? Status { get; set; }

    /// <summary>Gets or sets the user email to read.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateNotNullOrEmpty]
    public string? Email { get; set; }

    /// <summary>Gets or sets the client (application) id whose requests to read.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateNotNullOrEmpty]
    public string? FilterClientId { get; set; }

    /// <summary>Gets or sets the resource id (an MCP server's res_…) whose requests to read.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateNotNullOrEmpty]
    public string? ResourceId { get; set; }

    /// <summary>Gets or sets how many entries one page asks for (default 100).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateRange(1, 100)]
    public int PageSize { get; set; } = 100;

    /// <summary>Gets or sets the most pages to read (default: all).</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [Parameter(ParameterSetName = CredentialSet)]
    [ValidateRange(1, int.MaxValue)]
    public int MaxPages { get; set; }

    /// <summary>Gets or sets an exported file (JSON array or CSV) to read instead of the API.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (ParameterSetName == FileSet)
        {
            ReadFile(ResolvePath(Path!));
            return;
        }

        var (configuration, environment) = ResolveEnvironment();
        var query = new AuthLogQuery
        {
            StartTime = MyInvocation.BoundParameters.ContainsKey(nameof(StartTime)) ? StartTime : null,
            EndTime = MyInvocation.BoundParameters.ContainsKey(nameof(EndTime)) ? EndTime : null,
            Email = Email,
            ClientId = FilterClientId,
            ResourceId = ResourceId,
            PageSize = PageSize,
            MaxPages = MaxPages > 0 ? MaxPages : null,
        };
        foreach (string status in Status ?? Array.Empty<string>())
        {
            query.Statuses.Add(status.ToUpperInvariant());
        }

        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        probe.Redactor.AddSecret(configuration.ClientSecret);
        var client = new AuthLogClient(probe, environment, configuration.ClientId!, configuration.ClientSecret!);
        long read = 0;
        try
        {
            RunPumped(async post =>
            {
                probe.ExchangeRecorded += exchange => post(() => WriteVerbose(exchange.Summary));
                await client.ReadAllAsync(
                    query,
                    page =>
                    {
                        read += page.Entries.Count;
                        long total = page.TotalSize ?? 0;
                        post(() =>
                        {
                            foreach (AuthLogEntry entry in page.Entries)
                            {
                                WriteObject(entry);
                            }

                            WriteProgress(new ProgressRecord(ActivityId, "Reading the auth log", $"{read} of {(total > 0 ? total.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} entries")
                            {
                                PercentComplete = total > 0 ? (int)Math.Min(100, read * 100 / total) : -1,
                            });
                        });
                    },
                    CancelToken).ConfigureAwait(false);
            });
        }
        catch (AuthLogException ex)
        {
            string id = ex.Failure switch
            {
                AuthLogFailure.TokenRejected => ErrorIds.AuthLogTokenRejected,
                AuthLogFailure.AccessDenied => ErrorIds.AuthLogAccessDenied,
                AuthLogFailure.HttpError => ErrorIds.AuthLogRequestFailed,
                _ => ErrorIds.AuthLogInvalidResponse,
            };
            ErrorCategory category = ex.Failure is AuthLogFailure.TokenRejected or AuthLogFailure.AccessDenied ? ErrorCategory.PermissionDenied
                : ex.Failure == AuthLogFailure.HttpError ? ErrorCategory.ResourceUnavailable
                : ErrorCategory.InvalidData;
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(probe.Redactor.Redact(ex.Message), ex), id, category, environment));
        }
        catch (ProbeException ex)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(probe.Redactor.Redact(ex.Message), ex), ErrorIds.AuthLogUnreachable, ErrorCategory.ConnectionError, environment));
        }
        finally
        {
            WriteProgress(new ProgressRecord(ActivityId, "Reading the auth log", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private void ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            ThrowTerminatingError(new ErrorRecord(
                new FileNotFoundException($"The auth-log export '{path}' does not exist.", path),
                ErrorIds.AuthLogFileNotFound,
                ErrorCategory.ObjectNotFound,
                path));
        }

        try
        {
            foreach (AuthLogEntry entry in AuthLogRecordReader.ReadFile(path))
            {
                WriteObject(entry);
            }
        }
        catch (InvalidDataException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.AuthLogFileInvalid, ErrorCategory.InvalidData, path));
        }
    }
}
