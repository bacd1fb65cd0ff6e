namespace ScalekitReadiness.TestDeployment;

/// <summary>Core auth flows II (SK-AUTH-040 ... SK-AUTH-090): cookies, tokens, refresh, logout, invalid tokens, error surfaces.</summary>
public static partial class Faults
{
    // SK-AUTH-040: the app's session cookie.

    /// <summary>The session cookie is set without HttpOnly.</summary>
    public const string CookieNoHttpOnly = "cookie-no-httponly";

    /// <summary>The session cookie is set without Secure.</summary>
    public const string CookieNoSecure = "cookie-no-secure";

    /// <summary>The session cookie is set without a SameSite attribute.</summary>
    public const string CookieNoSameSite = "cookie-no-samesite";

    /// <summary>The session cookie is set with SameSite=None (still Secure and HttpOnly).</summary>
    public const string CookieSameSiteNone = "cookie-samesite-none";

    /// <summary>After login the app also sets the access token (a JWT) in a cookie scripts can read (no HttpOnly).</summary>
    public const string CookieJwtScriptReadable = "cookie-jwt-script-readable";

    /// <summary>The session cookie carries a Domain attribute broader than the app host (its parent domain).</summary>
    public const string CookieDomainBroad = "cookie-domain-broad";

    // SK-AUTH-050 / SK-AUTH-051: the environment's tokens and keys.

    /// <summary>The environment mints access tokens that live 7200 s (above the 3600 s policy).</summary>
    public const string AccessTokenLifetimeAbovePolicy = "access-token-lifetime-above-policy";

    /// <summary>The token response says expires_in 3600 while the token's exp is 300 s after iat.</summary>
    public const string TokenExpiresInMismatch = "token-expires-in-mismatch";

    /// <summary>The JWKS also publishes a 1024-bit RSA key.</summary>
    public const string JwksSmallKey = "jwks-small-key";

    /// <summary>The JWKS publishes a second key under the signing key's kid.</summary>
    public const string JwksDuplicateKid = "jwks-duplicate-kid";

    /// <summary>The JWKS publishes the signing key with use "enc" instead of "sig".</summary>
    public const string JwksKeyNotForSigning = "jwks-key-not-for-signing";

    // SK-AUTH-060: the refresh_token grant.

    /// <summary>The refresh_token grant returns the same refresh token again (no rotation).</summary>
    public const string RefreshTokenNotRotated = "refresh-token-not-rotated";

    /// <summary>The refresh_token grant rotates, but the old refresh token keeps working.</summary>
    public const string RefreshTokenReuseAllowed = "refresh-token-reuse-allowed";

    // SK-AUTH-070: the app's logout.

    /// <summary>The app's /logout does not clear the session cookie.</summary>
    public const string LogoutKeepsCookie = "logout-keeps-cookie";

    /// <summary>The app's /logout clears the session cookie under another Path, so the browser keeps the original.</summary>
    public const string LogoutCookieWrongPath = "logout-cookie-wrong-path";

    /// <summary>The app's /logout redirects to the environment's /oidc/logout without id_token_hint.</summary>
    public const string LogoutWithoutIdTokenHint = "logout-without-id-token-hint";

    /// <summary>The app's /logout sends a post_logout_redirect_uri that is not among the dashboard's Post Logout URLs.</summary>
    public const string LogoutUnregisteredPostLogoutUri = "logout-unregistered-post-logout-uri";

    /// <summary>The app's /logout clears the cookie but the server keeps the session: the old cookie still opens /api/me.</summary>
    public const string SessionValidAfterLogout = "session-valid-after-logout";

    // SK-AUTH-080: invalid bearer tokens at the app's protected API.

    /// <summary>/api/me accepts an expired (correctly signed) access token.</summary>
    public const string ExpiredTokenAccepted = "expired-token-accepted";

    /// <summary>/api/me accepts a token signed by a key that is not in the environment's JWKS.</summary>
    public const string UnknownKeyTokenAccepted = "unknown-key-token-accepted";

    /// <summary>/api/me answers a malformed bearer token with 500 and a .NET stack trace.</summary>
    public const string MalformedToken500 = "malformed-token-500";

    /// <summary>/api/me refuses invalid tokens with 401 but puts a .NET stack trace in the body.</summary>
    public const string InvalidTokenStackTrace = "invalid-token-stack-trace";

    /// <summary>/api/me refuses invalid tokens with 401 but without a WWW-Authenticate: Bearer challenge.</summary>
    public const string InvalidTokenNoChallenge = "invalid-token-no-challenge";

    // SK-AUTH-090: the deployment's error surfaces.

    /// <summary>/api/me refuses invalid tokens with an empty 401: no error_description, no text a person could read.</summary>
    public const string ErrorWithoutMessage = "error-without-message";
}
