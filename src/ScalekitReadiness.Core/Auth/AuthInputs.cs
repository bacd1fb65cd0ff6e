using System.Collections.Generic;

namespace ScalekitReadiness.Auth;

/// <summary>
/// What a Test-Sk* cmdlet hands to the auth-flow checks beyond the configuration: a HAR file, tokens and a session
/// cookie the admin supplied. Held in memory only; every value is registered with the redactor before use.
/// </summary>
internal sealed class AuthInputs
{
    /// <summary>Gets or sets the full path of a HAR file exported after a real login.</summary>
    public string? HarPath { get; set; }

    /// <summary>Gets the access tokens supplied with -AccessToken (each with where it came from).</summary>
    public IList<string> AccessTokens { get; } = new List<string>();

    /// <summary>Gets or sets a refresh token supplied with -RefreshToken.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>Gets or sets a session cookie header (<c>name=value[; name2=value2]</c>) supplied with -SessionCookie.</summary>
    public string? SessionCookie { get; set; }

    /// <summary>Gets or sets a genuinely expired, correctly signed access token supplied with -ExpiredToken.</summary>
    public string? ExpiredToken { get; set; }

    /// <summary>Gets or sets the start URLs of a live cookie walk (-Uri of Test-SkSessionCookie).</summary>
    public IList<string> StartUrls { get; } = new List<string>();

    /// <summary>Gets or sets a value indicating whether the audit may mint one client_credentials token to judge.</summary>
    public bool MintToken { get; set; }
}
