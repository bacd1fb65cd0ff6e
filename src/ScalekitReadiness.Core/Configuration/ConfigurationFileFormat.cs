namespace ScalekitReadiness;

/// <summary>The file formats of a configuration.</summary>
public enum ConfigurationFileFormat
{
    /// <summary>JSON; comments are allowed (.json).</summary>
    Json,

    /// <summary>A PowerShell data file: one hashtable of constants (.psd1).</summary>
    Psd1,
}
