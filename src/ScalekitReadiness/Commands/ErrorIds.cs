namespace ScalekitReadiness.Commands;

/// <summary>The stable ErrorIds of the module. Public contract: scripts and tests match on them.</summary>
internal static class ErrorIds
{
    /// <summary>A -Uri (or a URL parameter) is not an absolute http(s) URL.</summary>
    public const string InvalidUri = "InvalidUri";

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

    /// <summary>The trusted-CA PEM file does not exist.</summary>
    public const string TrustedCaFileNotFound = "TrustedCaFileNotFound";

    /// <summary>The trusted-CA file holds no usable PEM certificate.</summary>
    public const string TrustedCaFileInvalid = "TrustedCaFileInvalid";

    /// <summary>No check matched the selection.</summary>
    public const string NoCheckSelected = "NoCheckSelected";
}
