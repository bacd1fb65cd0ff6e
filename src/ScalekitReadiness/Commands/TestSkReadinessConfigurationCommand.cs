using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Validates a readiness configuration and reports every problem with its JSON path.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkReadinessConfiguration", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ConfigurationProblem), typeof(bool))]
public sealed class TestSkReadinessConfigurationCommand : SkCmdletBase
{
    private const string PathSet = "Path";
    private const string ObjectSet = "Object";

    /// <summary>Gets or sets the configuration file(s) (.json or .psd1).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ConfigurationPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Gets or sets the configuration as a hashtable with the same keys as the file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ObjectSet)]
    [ValidateNotNull]
    public IDictionary? Configuration { get; set; }

    /// <summary>Gets or sets a value indicating whether to return only $true (valid) or $false, one per configuration.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>
    /// Reads a PowerShell data file the way Import-PowerShellDataFile does: parse, demand one hashtable literal,
    /// evaluate it safely (constants only). Returns null and says why when the file is not data.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="why">Why the file is not a data file.</param>
    /// <returns>The hashtable, or null.</returns>
    internal static IDictionary? ReadDataFile(string path, out string why)
    {
        ScriptBlockAst ast = Parser.ParseFile(path, out _, out ParseError[] errors);
        HashtableAst? hashtable = errors.Length == 0 ? ast.Find(a => a is HashtableAst, false) as HashtableAst : null;
        why = errors.Length > 0 ? $"{errors[0].Message} (line {errors[0].Extent.StartLineNumber})" : "it holds no hashtable literal";
        if (hashtable is not null)
        {
            try
            {
                if (hashtable.SafeGetValue() is IDictionary data)
                {
                    return data;
                }
            }
            catch (InvalidOperationException ex)
            {
                // SafeGetValue refuses anything but constants: commands, variables, expressions.
                why = ex.Message;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ObjectSet)
        {
            Report(ConfigurationReader.ValidateDictionary(Configuration!, "-Configuration"));
            return;
        }

        foreach (string value in Path)
        {
            string path = ResolvePath(value);
            if (!File.Exists(path))
            {
                Fail(new ErrorRecord(
                    new FileNotFoundException($"The configuration file '{path}' does not exist. New-SkReadinessConfiguration writes a starter file.", path),
                    ErrorIds.ConfigurationFileNotFound,
                    ErrorCategory.ObjectNotFound,
                    path));
                continue;
            }

            string name = System.IO.Path.GetFileName(path);
            switch (System.IO.Path.GetExtension(path).ToLowerInvariant())
            {
                case ".json":
                    Report(ConfigurationReader.ValidateJson(File.ReadAllText(path), name));
                    break;
                case ".psd1":
                    IDictionary? data = ReadDataFile(path, out string why);
                    Report(data is null
                        ? new[] { new ConfigurationProblem("$", ConfigurationErrorIds.NotPowerShellData, "not a PowerShell data file: " + why, name) }
                        : ConfigurationReader.ValidateDictionary(data, name));
                    break;
                default:
                    Fail(new ErrorRecord(
                        new ArgumentException($"The configuration file '{path}' must be .json or .psd1."),
                        ErrorIds.ConfigurationFormatUnsupported,
                        ErrorCategory.InvalidArgument,
                        path));
                    break;
            }
        }
    }

    private void Fail(ErrorRecord error)
    {
        if (Quiet.IsPresent)
        {
            WriteObject(false);
        }
        else
        {
            WriteError(error);
        }
    }

    private void Report(IReadOnlyList<ConfigurationProblem> problems)
    {
        if (Quiet.IsPresent)
        {
            WriteObject(problems.Count == 0);
            return;
        }

        foreach (ConfigurationProblem problem in problems)
        {
            WriteObject(problem);
            WriteError(new ErrorRecord(
                new InvalidDataException((problem.Source is null ? string.Empty : problem.Source + ": ") + problem),
                problem.ErrorId,
                ErrorCategory.InvalidData,
                problem));
        }
    }
}
