using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Writes a commented starter configuration for your deployment's URLs.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "SkReadinessConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class NewSkReadinessConfigurationCommand : SkCmdletBase
{
    private const string SchemaFileName = "ScalekitReadiness.schema.json";

    // The problem paths of the starter file that come from a parameter, to name it in the error.
    private static readonly Dictionary<string, string> s_parameterOfPath = new(StringComparer.Ordinal)
    {
        ["$.Name"] = nameof(Name),
        ["$.Environment.Url"] = nameof(EnvironmentUrl),
        ["$.Environment.ClientId"] = nameof(ClientId),
        ["$.Environment.ClientSecretEnv"] = nameof(ClientSecretEnv),
        ["$.Mcp.ServerUrl"] = nameof(McpServerUrl),
        ["$.App.BaseUrl"] = nameof(AppBaseUrl),
        ["$.App.AllowedOrigins[0]"] = nameof(AppBaseUrl),
    };

    /// <summary>Gets or sets the file to write (.json or .psd1; without an extension, the one of -Format is added).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("ConfigurationPath")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Gets or sets the deployment name; default: the file name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Gets or sets the Scalekit environment URL.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the environment API client id (not a secret).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the NAME of the environment variable holding the client secret (default SCALEKIT_CLIENT_SECRET).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientSecretEnv { get; set; }

    /// <summary>Gets or sets the public URL of the MCP server.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? McpServerUrl { get; set; }

    /// <summary>Gets or sets the public base URL of the web application.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AppBaseUrl { get; set; }

    /// <summary>Gets or sets the file format; default: from the extension of -Path (JSON without one).</summary>
    [Parameter]
    public ConfigurationFileFormat Format { get; set; }

    /// <summary>Gets or sets a value indicating whether an existing file is replaced.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        string path = ResolvePath(Path);
        ConfigurationFileFormat format = ChooseFormat(ref path);
        var starter = new StarterConfiguration
        {
            Name = Name ?? System.IO.Path.GetFileNameWithoutExtension(path),
            EnvironmentUrl = EnvironmentUrl,
            ClientId = ClientId,
            McpServerUrl = McpServerUrl,
            AppBaseUrl = AppBaseUrl,
            SchemaUri = SchemaUri(path),
        };
        if (ClientSecretEnv is not null)
        {
            starter.ClientSecretEnv = ClientSecretEnv;
        }

        // The values given are judged by the same schema and rules as the file they end up in.
        string json = starter.ToJson();
        IReadOnlyList<ConfigurationProblem> problems = ConfigurationReader.ValidateJson(json, System.IO.Path.GetFileName(path));
        if (problems.Count > 0)
        {
            ConfigurationProblem first = problems[0];
            string parameter = s_parameterOfPath.TryGetValue(first.Path, out string? name) ? "-" + name : first.Path;
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"{parameter}: {first.Message}"),
                first.ErrorId == ConfigurationErrorIds.InvalidUrl ? ErrorIds.InvalidUri : ErrorIds.ConfigurationInvalid,
                ErrorCategory.InvalidArgument,
                null));
        }

        if (File.Exists(path) && !Force.IsPresent)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"The file '{path}' exists. Choose another -Path, or add -Force to replace it."),
                ErrorIds.ConfigurationFileExists,
                ErrorCategory.ResourceExists,
                path));
        }

        if (!ShouldProcess(path, "Write a starter ScalekitReadiness configuration"))
        {
            return;
        }

        string text = format == ConfigurationFileFormat.Json ? json : starter.ToPsd1();
        Write(path, text, format);
        WriteObject(new FileInfo(path));
    }

    private ConfigurationFileFormat ChooseFormat(ref string path)
    {
        bool formatGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Format));
        string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        ConfigurationFileFormat? fromExtension = extension switch
        {
            ".json" => ConfigurationFileFormat.Json,
            ".psd1" => ConfigurationFileFormat.Psd1,
            _ => null,
        };
        if (extension.Length == 0)
        {
            path += Format == ConfigurationFileFormat.Psd1 ? ".psd1" : ".json";
            return Format;
        }

        if (fromExtension is null || (formatGiven && fromExtension != Format))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The configuration file '{path}' must end in {(formatGiven ? (Format == ConfigurationFileFormat.Psd1 ? ".psd1 for -Format Psd1" : ".json for -Format Json") : ".json or .psd1")}: Invoke-SkReadinessAudit reads the format from the extension."),
                ErrorIds.ConfigurationFormatUnsupported,
                ErrorCategory.InvalidArgument,
                path));
        }

        return fromExtension!.Value;
    }

    // A copy of the schema beside the file (checked in with it) is named relatively: editors resolve that against the
    // file, on any machine and across module upgrades. Otherwise the module's own copy, as a file URI: right on this
    // machine, but a module upgrade or another machine breaks it (the help says to copy the schema for a shared file).
    private string? SchemaUri(string path)
    {
        string? folder = System.IO.Path.GetDirectoryName(path);
        if (folder is not null && File.Exists(System.IO.Path.Combine(folder, SchemaFileName)))
        {
            return "./" + SchemaFileName;
        }

        string? moduleBase = MyInvocation.MyCommand.Module?.ModuleBase;
        string? schema = moduleBase is null ? null : System.IO.Path.Combine(moduleBase, SchemaFileName);
        return schema is not null && File.Exists(schema) ? new Uri(schema).AbsoluteUri : null;
    }

    // Written beside the target and moved over it, so a failure never leaves half a file.
    private void Write(string path, string text, ConfigurationFileFormat format)
    {
        string temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            // Windows PowerShell 5.1 reads a .psd1 without a byte order mark as ANSI.
            File.WriteAllText(temporary, text.Replace("\n", Environment.NewLine), new UTF8Encoding(format == ConfigurationFileFormat.Psd1));
            if (File.Exists(path))
            {
                File.Replace(temporary, path, null);
            }
            else
            {
                File.Move(temporary, path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            ThrowTerminatingError(new ErrorRecord(
                new IOException($"The configuration file '{path}' could not be written: {ex.Message}", ex),
                ErrorIds.ConfigurationWriteFailed,
                ErrorCategory.WriteError,
                path));
        }
    }
}
