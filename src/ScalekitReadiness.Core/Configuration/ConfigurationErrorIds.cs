namespace ScalekitReadiness.Configuration;

/// <summary>
/// The stable ErrorIds of configuration problems (<see cref="ConfigurationProblem.ErrorId"/>). Public contract:
/// <c>Test-SkReadinessConfiguration</c> writes one error per problem with this ErrorId, and scripts match on them.
/// </summary>
internal static class ConfigurationErrorIds
{
    /// <summary>The text is not JSON (JSON with comments is accepted).</summary>
    public const string NotJson = "NotJson";

    /// <summary>A .psd1 file is not a PowerShell data file (one hashtable of constants).</summary>
    public const string NotPowerShellData = "NotPowerShellData";

    /// <summary>A key the schema does not know: a typo would otherwise silently switch a check off.</summary>
    public const string UnknownKey = "UnknownKey";

    /// <summary>The same key twice in one object, spelled with different letter case.</summary>
    public const string DuplicateKey = "DuplicateKey";

    /// <summary>A value of the wrong JSON type (a string where a number belongs...).</summary>
    public const string WrongType = "WrongType";

    /// <summary>A value of the right type outside the allowed values or range.</summary>
    public const string InvalidValue = "InvalidValue";

    /// <summary>A value that must be an absolute (http or https) URL is not one.</summary>
    public const string InvalidUrl = "InvalidUrl";

    /// <summary>A value that must be a YYYY-MM-DD date is not one.</summary>
    public const string InvalidDate = "InvalidDate";

    /// <summary>A check id that is not SK-(QC|AUTH|MCP|MON)-NNN of the catalog.</summary>
    public const string InvalidCheckId = "InvalidCheckId";

    /// <summary>A secret written in the file (a secret-named key with a value, or a value shaped like a secret).</summary>
    public const string LiteralSecret = "LiteralSecret";

    /// <summary>An attestation without CheckId, By, On or Evidence.</summary>
    public const string AttestationIncomplete = "AttestationIncomplete";

    /// <summary>An exception without CheckId, Reason or Owner.</summary>
    public const string ExceptionIncomplete = "ExceptionIncomplete";

    /// <summary>An exception without Expires: an accepted risk must end.</summary>
    public const string ExceptionWithoutExpiry = "ExceptionWithoutExpiry";

    /// <summary>A required value is missing (outside attestations and exceptions).</summary>
    public const string MissingValue = "MissingValue";
}
