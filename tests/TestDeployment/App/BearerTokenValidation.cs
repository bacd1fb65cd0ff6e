using System;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// How the app's protected API (and any resource server of the deployment) validates the environment's bearer
/// tokens: RS256 signature with the key its kid names in the environment's JWKS, issuer = the environment or the
/// resource issuer (both Scalekit forms), lifetime with a 30 s skew. Invalid tokens get 401 with an RFC 6750
/// challenge, a human message and a correlation id. The SK-AUTH-080/090 faults break one rule each.
/// </summary>
internal static class BearerTokenValidation
{
    private const string Scheme = "Bearer";

    /// <summary>What the Authorization header held.</summary>
    public enum Presence
    {
        /// <summary>No Authorization header, or another scheme.</summary>
        None,

        /// <summary>"Bearer" with nothing after it.</summary>
        Empty,

        /// <summary>"Bearer &lt;something&gt;".</summary>
        Token,
    }

    /// <summary>Reads the bearer token of the request, if any.</summary>
    public static Presence Read(HttpRequest request, out string token)
    {
        token = string.Empty;
        string authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || (authorization.Length > Scheme.Length && authorization[Scheme.Length] != ' '))
        {
            return Presence.None;
        }

        token = authorization[Scheme.Length..].Trim();
        return token.Length == 0 ? Presence.Empty : Presence.Token;
    }

    /// <summary>Validates <paramref name="token"/>; returns its subject, or null with the reason and the exception.</summary>
    public static string? Validate(DeploymentState state, string token, out string? reason, out Exception? failure)
    {
        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = new[] { state.Urls.EnvironmentUrl, state.ResourceIssuer },
            ValidateAudience = false,
            ValidateLifetime = !state.Has(Faults.ExpiredTokenAccepted),
            ClockSkew = TimeSpan.FromSeconds(30),
            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
            IssuerSigningKey = VerificationKey(state),
        };
        if (state.Has(Faults.UnknownKeyTokenAccepted))
        {
            // The classic mistake: the token is decoded and its claims trusted, the signature never checked.
            parameters.SignatureValidator = (raw, _) => new JwtSecurityToken(raw);
        }

        try
        {
            ClaimsPrincipal principal = handler.ValidateToken(token, parameters, out _);
            reason = null;
            failure = null;
            return principal.FindFirst("sub")?.Value ?? "(no sub)";
        }
        catch (Exception ex) when (ex is SecurityTokenException or ArgumentException or CryptographicException)
        {
            reason = ex switch
            {
                SecurityTokenExpiredException => "The access token has expired. Sign in again to get a new one.",
                SecurityTokenMalformedException or ArgumentException => "The access token is not a well-formed JWT.",
                _ => "The access token is not valid for this application.",
            };
            failure = ex;
            return null;
        }
    }

    /// <summary>
    /// The environment's public key for verifying, with its own uncached crypto provider: every deployment of a process
    /// shares the key bytes (ProcessKeys) but owns, and disposes, its RSA object, and IdentityModel's process-wide
    /// provider cache, keyed by the key's thumbprint, would otherwise hand one deployment's disposed RSA to the next
    /// (and to the audit's own validation running in the same test process).
    /// </summary>
    public static SecurityKey VerificationKey(DeploymentState state) => new RsaSecurityKey(state.SigningKey.Rsa)
    {
        KeyId = state.SigningKey.KeyId,
        CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
    };

    /// <summary>Writes the 401 (or, under a fault, the 500) for a missing, empty or invalid bearer token.</summary>
    public static Task RefuseAsync(HttpContext context, DeploymentState state, string realm, string? reason, Exception? failure)
    {
        bool malformed = failure is SecurityTokenMalformedException or ArgumentException;
        context.Response.Headers["X-Request-Id"] = "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        if (malformed && state.Has(Faults.MalformedToken500))
        {
            return Respond.TextAsync(context, StatusCodes.Status500InternalServerError, "Unhandled exception.\n" + failure);
        }

        if (state.Has(Faults.ErrorWithoutMessage))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = Scheme + " realm=\"" + realm + "\"";
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }

        if (!state.Has(Faults.InvalidTokenNoChallenge))
        {
            context.Response.Headers.WWWAuthenticate = reason is null
                ? Scheme + " realm=\"" + realm + "\""
                : Scheme + " realm=\"" + realm + "\", error=\"invalid_token\", error_description=\"" + reason + "\"";
        }

        if (failure is not null && state.Has(Faults.InvalidTokenStackTrace))
        {
            return Respond.TextAsync(context, StatusCodes.Status401Unauthorized, reason + "\n" + failure);
        }

        var body = new JsonObject
        {
            ["error"] = reason is null ? "unauthenticated" : "invalid_token",
            ["error_description"] = reason ?? "Sign in first, or send an access token.",
        };
        return Respond.JsonAsync(context, StatusCodes.Status401Unauthorized, body);
    }
}
