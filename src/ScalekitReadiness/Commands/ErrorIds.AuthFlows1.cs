namespace ScalekitReadiness.Commands;

/// <summary>The ErrorIds of the core auth flows I cmdlets (SK-AUTH-001 … SK-AUTH-031).</summary>
internal static partial class ErrorIds
{
    /// <summary>Test-SkCodeExchange: -AuthorizationCode was given without -CodeVerifier or -RedirectUri.</summary>
    public const string AuthorizationCodeIncomplete = "AuthorizationCodeIncomplete";
}
