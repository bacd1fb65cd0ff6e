namespace ScalekitReadiness.Commands;

/// <summary>The ErrorIds of the monitoring and metrics cmdlets.</summary>
internal static partial class ErrorIds
{
    /// <summary>Get-SkAuthLog / Measure-SkTokenExchange: no environment URL, client id or secret from parameters or environment variables.</summary>
    public const string EnvironmentCredentialsMissing = "EnvironmentCredentialsMissing";

    /// <summary>Get-SkAuthLog: the environment did not mint a token for the client id and secret.</summary>
    public const string AuthLogTokenRejected = "AuthLogTokenRejected";

    /// <summary>Get-SkAuthLog: the auth-log API refused the token (401/403).</summary>
    public const string AuthLogAccessDenied = "AuthLogAccessDenied";

    /// <summary>Get-SkAuthLog: the auth-log API answered another error (429 after the retries, 5xx).</summary>
    public const string AuthLogRequestFailed = "AuthLogRequestFailed";

    /// <summary>Get-SkAuthLog: the auth-log API answered something that is not a page of entries.</summary>
    public const string AuthLogInvalidResponse = "AuthLogInvalidResponse";

    /// <summary>Get-SkAuthLog: the auth-log API could not be reached (DNS, refused, TLS, timeout).</summary>
    public const string AuthLogUnreachable = "AuthLogUnreachable";

    /// <summary>Get-SkAuthLog -Path: the file does not exist.</summary>
    public const string AuthLogFileNotFound = "AuthLogFileNotFound";

    /// <summary>Get-SkAuthLog -Path: the file is not an auth-log export (JSON or CSV).</summary>
    public const string AuthLogFileInvalid = "AuthLogFileInvalid";

    /// <summary>Measure-SkTokenExchange: -Concurrency is larger than -Count, or the endpoint cannot be measured.</summary>
    public const string TokenExchangeInvalidArgument = "TokenExchangeInvalidArgument";

    /// <summary>An -Attestation object lacks CheckId, By, On or Evidence, or has a value of the wrong type.</summary>
    public const string AttestationInvalid = "AttestationInvalid";
}
