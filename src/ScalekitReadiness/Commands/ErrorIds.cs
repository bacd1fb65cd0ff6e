namespace ScalekitReadiness.Commands;

/// <summary>
/// The stable ErrorIds of the module. Public contract: scripts and tests match on them.
/// One part per area (ErrorIds.Auth.cs, ErrorIds.Mcp.cs...); this part holds the audit, configuration and report ids.
/// </summary>
internal static partial class ErrorIds
{
    /// <summary>A -Uri (or a URL parameter) is not an absolute http(s) URL.</summary>
    public const string InvalidUri = "InvalidUri";

    /// <summary>An -AllowedOrigin is not an http(s) origin (scheme://host[:port]).</summary>
    public const string InvalidOrigin = "InvalidOrigin";

    /// <summary>The configuration file does not exist.</summary>
    public const string ConfigurationFileNotFound = "ConfigurationFileNotFound";

    /// <summary>The configuration file is not valid JSON.</summary>
    public const string ConfigurationNotJson = "ConfigurationNotJson";

    /// <summary>The configuration file is not a valid PowerShell data file.</summary>
    public const string ConfigurationNotPowerShellData = "ConfigurationNotPowerShellData";

    /// <summary>The configuration has values of the wrong type or range.</summary>
    public const string ConfigurationInvalid = "ConfigurationInvalid";

    /// <summary>The configuration file's extension is neither .json nor .psd1.</summary>
    public const string ConfigurationFormatUnsupported = "ConfigurationFormatUnsupported";

    /// <summary>New-SkReadinessConfiguration: the file exists and -Force was not given.</summary>
    public const string ConfigurationFileExists = "ConfigurationFileExists";

    /// <summary>New-SkReadinessConfiguration: the file could not be written (missing folder, permissions...).</summary>
    public const string ConfigurationWriteFailed = "ConfigurationWriteFailed";

    // Test-SkReadinessConfiguration writes one error per problem with the problem's own ErrorId
    // (UnknownKey, WrongType, InvalidUrl, LiteralSecret...): see ScalekitReadiness.Configuration.ConfigurationErrorIds.

    /// <summary>The trusted-CA PEM file does not exist.</summary>
    public const string TrustedCaFileNotFound = "TrustedCaFileNotFound";

    /// <summary>The trusted-CA file holds no usable PEM certificate.</summary>
    public const string TrustedCaFileInvalid = "TrustedCaFileInvalid";

    /// <summary>The -Path of Test-SkSecretExposure does not exist.</summary>
    public const string SourcePathNotFound = "SourcePathNotFound";

    /// <summary>-HttpUri of Test-SkHttpsEnforcement was given together with several -Uri values.</summary>
    public const string HttpUriNeedsSingleUri = "HttpUriNeedsSingleUri";

    /// <summary>No check matched the selection.</summary>
    public const string NoCheckSelected = "NoCheckSelected";

    /// <summary>Assert-SkReadiness: a result at or above -FailOn is Failed or Error.</summary>
    public const string ReadinessGateFailed = "ReadinessGateFailed";

    /// <summary>Assert-SkReadiness: no result reached the gate, so nothing was proven.</summary>
    public const string ReadinessGateNoResults = "ReadinessGateNoResults";

    /// <summary>Export-SkReadinessReport: the file exists and -Force was not given.</summary>
    public const string ReportFileExists = "ReportFileExists";

    /// <summary>Export-SkReadinessReport: the folder of -Path does not exist.</summary>
    public const string ReportPathNotFound = "ReportPathNotFound";

    /// <summary>Export-SkReadinessReport: -Path is a folder or not a file-system path.</summary>
    public const string ReportPathInvalid = "ReportPathInvalid";

    /// <summary>Export-SkReadinessReport: the file could not be written (permissions, disk full...).</summary>
    public const string ReportWriteFailed = "ReportWriteFailed";

    /// <summary>Compare-SkReadinessResult: a report path does not exist.</summary>
    public const string ReportFileNotFound = "ReportFileNotFound";

    /// <summary>Compare-SkReadinessResult: a file is not a Json report of Export-SkReadinessReport.</summary>
    public const string ReportNotReadable = "ReportNotReadable";

    /// <summary>Compare-SkReadinessResult: a Json report of a schemaVersion this version does not read.</summary>
    public const string ReportSchemaVersionUnsupported = "ReportSchemaVersionUnsupported";

    /// <summary>Compare-SkReadinessResult: an input is neither a CheckResult nor a report path.</summary>
    public const string ComparisonInputInvalid = "ComparisonInputInvalid";
}
