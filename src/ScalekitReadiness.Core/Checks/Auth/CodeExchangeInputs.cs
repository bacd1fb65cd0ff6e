namespace ScalekitReadiness.Checks.Auth;

/// <summary>A real authorization code for SK-AUTH-020 to exchange: from an admin's browser login, or a test-driven one.</summary>
internal sealed class CodeExchangeInputs
{
    public CodeExchangeInputs(string authorizationCode, string codeVerifier, string redirectUri, string? nonce)
    {
        AuthorizationCode = authorizationCode;
        CodeVerifier = codeVerifier;
        RedirectUri = redirectUri;
        Nonce = nonce;
    }

    /// <summary>Gets the code (a secret: redacted everywhere).</summary>
    public string AuthorizationCode { get; }

    /// <summary>Gets the PKCE verifier the login started with (a secret).</summary>
    public string CodeVerifier { get; }

    /// <summary>Gets the redirect_uri the authorization request carried.</summary>
    public string RedirectUri { get; }

    /// <summary>Gets the nonce the authorization request carried, or null when it is not known.</summary>
    public string? Nonce { get; }
}
