namespace ScalekitReadiness.Checks.Auth;

/// <summary>The implemented core auth-flow checks (SK-AUTH). Flows I (001-031) first, then flows II (040-090).</summary>
internal static class AuthCheckList
{
    public static Check[] Checks { get; } =
    {
        // Core auth flows I (SK-AUTH-001 ... SK-AUTH-031).
        new LoginInitiationCheck(),
        new RedirectUriCheck(),
        new CodeExchangeCheck(),
        new CallbackStateCheck(),
        new IdentityProviderErrorCheck(),

        // Core auth flows II (SK-AUTH-040 ... SK-AUTH-090).

    };
}
