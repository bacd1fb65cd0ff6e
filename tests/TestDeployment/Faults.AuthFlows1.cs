namespace ScalekitReadiness.TestDeployment;

/// <summary>Faults of the core auth flows I: login initiation, redirect URIs, code exchange, callback state and IdP errors.</summary>
public static partial class Faults
{
    // SK-AUTH-001: the app's /login redirect.

    /// <summary>/login sends the same state on every request.</summary>
    public const string LoginStateConstant = "login-state-constant";

    /// <summary>/login sends an 8-character state (48 bits).</summary>
    public const string LoginStateShort = "login-state-short";

    /// <summary>/login sends no PKCE code_challenge (the confidential app still works).</summary>
    public const string LoginNoPkce = "login-no-pkce";

    /// <summary>/login asks for scopes without openid.</summary>
    public const string LoginNoOpenId = "login-no-openid";

    /// <summary>The login state cookie is set without HttpOnly, Secure and SameSite.</summary>
    public const string LoginStateCookieInsecure = "login-state-cookie-insecure";

    /// <summary>/login sends a redirect_uri that is not registered (/callback instead of /auth/callback).</summary>
    public const string LoginUnregisteredRedirect = "login-unregistered-redirect";

    // SK-AUTH-010: redirect URI matching at /oauth/authorize.

    /// <summary>Any redirect_uri that starts with a registered URI is accepted.</summary>
    public const string RedirectPrefixMatch = "redirect-prefix-match";

    /// <summary>The scheme and host of redirect_uri are compared case-insensitively.</summary>
    public const string RedirectCaseInsensitiveHost = "redirect-case-insensitive-host";

    /// <summary>A trailing slash on either side is ignored when redirect_uri is compared.</summary>
    public const string RedirectTrailingSlashTolerant = "redirect-trailing-slash-tolerant";

    // SK-AUTH-020: the authorization_code grant at /oauth/token.

    /// <summary>No Cache-Control: no-store (nor Pragma) on token responses.</summary>
    public const string TokenNoStoreMissing = "token-no-store-missing";

    /// <summary>An authorization code can be exchanged more than once.</summary>
    public const string CodeReusable = "code-reusable";

    /// <summary>An unknown authorization code makes the token endpoint answer 500.</summary>
    public const string TokenUnknownCode500 = "token-unknown-code-500";

    /// <summary>Failed client authentication answers 400 instead of 401.</summary>
    public const string TokenInvalidClient400 = "token-invalid-client-400";

    /// <summary>The ID token does not carry the nonce of the authorization request.</summary>
    public const string IdTokenNoNonce = "id-token-no-nonce";

    // SK-AUTH-030: state at the app's /auth/callback.

    /// <summary>The callback never looks at state: it exchanges whatever code arrives.</summary>
    public const string CallbackIgnoresState = "callback-ignores-state";

    /// <summary>The callback accepts any state it issued, without the login cookie that binds it to the browser.</summary>
    public const string CallbackStateWithoutCookie = "callback-state-without-cookie";

    /// <summary>A missing or unknown state makes the callback answer 500.</summary>
    public const string CallbackState500 = "callback-state-500";

    /// <summary>An unknown state is echoed into the error page without HTML escaping.</summary>
    public const string CallbackStateReflected = "callback-state-reflected";

    // SK-AUTH-031: identity-provider errors at the app's /auth/callback.

    /// <summary>An error= callback answers 500.</summary>
    public const string CallbackError500 = "callback-error-500";

    /// <summary>The error page shows a .NET stack trace.</summary>
    public const string CallbackErrorStackTrace = "callback-error-stack-trace";

    /// <summary>error_description is written into the error page without HTML escaping.</summary>
    public const string CallbackErrorUnescaped = "callback-error-unescaped";
}
