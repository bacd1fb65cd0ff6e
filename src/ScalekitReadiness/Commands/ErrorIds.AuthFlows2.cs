namespace ScalekitReadiness.Commands;

/// <summary>The ErrorIds of the core auth flows II cmdlets (Test-SkSessionCookie ... Test-SkInvalidTokenHandling).</summary>
internal static partial class ErrorIds
{
    /// <summary>The -HarPath file does not exist.</summary>
    public const string HarFileNotFound = "HarFileNotFound";

    /// <summary>A token or cookie parameter (-AccessToken, -RefreshToken, -SessionCookie, -ExpiredToken) is neither a SecureString nor a string, or is empty.</summary>
    public const string SecretParameterInvalid = "SecretParameterInvalid";

    /// <summary>Test-SkInvalidTokenHandling got neither -Uri nor -McpServerUrl.</summary>
    public const string NoTargetGiven = "NoTargetGiven";
}
