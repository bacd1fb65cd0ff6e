using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Runs the readiness audit described by a configuration and streams one result per finding.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SkReadinessAudit", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class InvokeSkReadinessAuditCommand : NetworkCmdletBase
{
    private const string PathSet = "Path";
    private const string ObjectSet = "Object";
    private readonly List<string> _pipedIds = new();
    private readonly List<string> _configurationPaths = new();

    /// <summary>Gets or sets the configuration file(s) (.json or .psd1); pipe many files to audit a fleet.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Path", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] ConfigurationPath { get; set; } = Array.Empty<string>();

    /// <summary>Gets or sets the configuration as a hashtable with the same keys as the file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public IDictionary? Configuration { get; set; }

    /// <summary>Gets or sets the sections to run (default: all).</summary>
    [Parameter]
    public CheckSection[]? Section { get; set; }

    /// <summary>Gets or sets the check ids to run (default: all); wildcards allowed. Binds the Id of Get-SkReadinessCheck output.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [SupportsWildcards]
    public string[]? CheckId { get; set; }

    /// <summary>Gets or sets check ids to leave out; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? ExcludeCheckId { get; set; }

    /// <summary>Gets or sets a value indicating whether StateChanging checks (mint tokens, invoke tools) may run.</summary>
    [Parameter]
    public SwitchParameter AllowStateChange { get; set; }

    /// <summary>Gets or sets a value indicating whether later sections run despite a High/Critical failure in an earlier one.</summary>
    [Parameter]
    public SwitchParameter IgnoreBlockers { get; set; }

    /// <summary>Gets or sets how many checks of a section run at once (default 8).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Gets or sets how many deployments of a fleet are audited at once (default 4).</summary>
    [Parameter]
    [ValidateRange(1, 32)]
    public int DeploymentThrottleLimit { get; set; } = 4;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // Piped input arrives one record at a time (check ids from Get-SkReadinessCheck, or configuration
        // files from Get-ChildItem): collect it and run once at the end.
        if (MyInvocation.ExpectingInput)
        {
            if (CheckId is not null && MyInvocation.BoundParameters.ContainsKey(nameof(CheckId)))
            {
                _pipedIds.AddRange(CheckId);
            }
        }

        if (ParameterSetName == PathSet)
        {
            foreach (string path in ConfigurationPath)
            {
                if (!_configurationPaths.Contains(path))
                {
                    _configurationPaths.Add(path);
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        IReadOnlyList<AuditConfiguration> configurations = ParameterSetName == ObjectSet
            ? new[] { LoadConfiguration(null) }
            : _configurationPaths.Select(LoadConfiguration).ToArray();
        IReadOnlyList<Check> checks = SelectChecks(_pipedIds.Count > 0 ? _pipedIds.ToArray() : CheckId);
        if (checks.Count == 0)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("No check matches the selection (-Section, -CheckId, -ExcludeCheckId). Get-SkReadinessCheck lists the catalog."),
                ErrorIds.NoCheckSelected,
                ErrorCategory.InvalidArgument,
                null));
        }

        foreach (AuditConfiguration configuration in configurations)
        {
            ApplyNetworkParameters(configuration);
            if (AllowStateChange.IsPresent)
            {
                configuration.AllowStateChange = true;
            }
        }

        // -WhatIf lists every check with its safety class and target and sends nothing; -Confirm lets a person
        // leave checks out. ConfirmImpact is Low, so runbooks are never prompted.
        checks = checks.Where(check => configurations.All(c => ShouldProcess(
            c.Name + ": " + (DescribeTarget(check, c) ?? "(not configured)"),
            $"Run {check.Definition.Id} {check.Definition.Title} ({check.Definition.Safety}{(check.Definition.Safety == Safety.StateChanging && !c.AllowStateChange ? ", skipped without -AllowStateChange" : string.Empty)})"))).ToArray();
        if (checks.Count == 0)
        {
            return;
        }

        AuditRunner.RunMany(
            this,
            configurations,
            checks,
            new AuditRunOptions { IgnoreBlockers = IgnoreBlockers.IsPresent, ThrottleLimit = ThrottleLimit },
            showProgress: !IsAzureAutomationJob(),
            DeploymentThrottleLimit);
    }

    private static string? DescribeTarget(Check check, AuditConfiguration configuration)
    {
        if (check is not ITargetedCheck targeted)
        {
            return null;
        }

        using ScalekitReadiness.Http.ProbeClient probe = AuditContext.CreateProbe(configuration);
        return targeted.DefaultTarget(new AuditContext(configuration, probe, Guid.Empty));
    }

    // Azure Automation records every progress record of a job as noise; it sets $PSPrivateMetadata.JobId.
    private bool IsAzureAutomationJob() =>
        SessionState.PSVariable.GetValue("PSPrivateMetadata") is not null;

    private IReadOnlyList<Check> SelectChecks(string[]? ids)
    {
        WildcardPattern[] include = (ids ?? new[] { "*" }).Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        WildcardPattern[] exclude = (ExcludeCheckId ?? Array.Empty<string>()).Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        return CheckCatalog.All
            .Where(c => Section is null || Section.Contains(c.Definition.Section))
            .Where(c => include.Any(p => p.IsMatch(c.Definition.Id)))
            .Where(c => !exclude.Any(p => p.IsMatch(c.Definition.Id)))
            .ToArray();
    }

    private AuditConfiguration LoadConfiguration(string? configurationPath)
    {
        try
        {
            if (configurationPath is null)
            {
                return ConfigurationReader.FromDictionary((IDictionary)Unwrap(Configuration!)!, "-Configuration", SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            }

            string path = ResolvePath(configurationPath);
            if (!File.Exists(path))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new FileNotFoundException($"The configuration file '{path}' does not exist. Give the right path, or write one with the keys of Get-Help about_ScalekitReadiness.", path),
                    ErrorIds.ConfigurationFileNotFound,
                    ErrorCategory.ObjectNotFound,
                    path));
            }

            string directory = Path.GetDirectoryName(path) ?? ".";
            string extension = Path.GetExtension(path).ToLowerInvariant();
            return extension switch
            {
                ".json" => ConfigurationReader.Parse(File.ReadAllText(path), Path.GetFileName(path), directory),
                ".psd1" => ConfigurationReader.FromDictionary(ReadDataFile(path), Path.GetFileName(path), directory),
                _ => throw new PSArgumentException($"The configuration file '{path}' must be .json or .psd1."),
            };
        }
        catch (PSArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.ConfigurationFormatUnsupported, ErrorCategory.InvalidArgument, configurationPath));
        }
        catch (ConfigurationException ex)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException(ex.Message, ex),
                ex.Kind == ConfigurationErrorKind.NotJson ? ErrorIds.ConfigurationNotJson : ErrorIds.ConfigurationInvalid,
                ErrorCategory.InvalidData,
                configurationPath));
        }

        return null!; // unreachable: every catch throws
    }

    // Values computed in a hashtable (Join-Path, variables) arrive wrapped in PSObject, which JSON conversion
    // would walk into; hand the reader plain dictionaries, lists and scalars.
    private static object? Unwrap(object? value)
    {
        object? plain = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (plain)
        {
            case IDictionary dictionary:
                var copy = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry entry in dictionary)
                {
                    copy[entry.Key.ToString()!] = Unwrap(entry.Value);
                }

                return copy;
            case string text:
                return text;
            case IEnumerable items:
                return items.Cast<object?>().Select(Unwrap).ToList();
            default:
                return plain;
        }
    }

    // The same reader as Test-SkReadinessConfiguration: one parse, one set of rules for .psd1 files.
    private IDictionary ReadDataFile(string path)
    {
        if (TestSkReadinessConfigurationCommand.ReadDataFile(path, out string why) is IDictionary data)
        {
            return data;
        }

        ThrowTerminatingError(new ErrorRecord(
            new InvalidDataException($"The configuration file '{path}' is not a PowerShell data file: {why}"),
            ErrorIds.ConfigurationNotPowerShellData,
            ErrorCategory.InvalidData,
            path));
        return null!;
    }
}
