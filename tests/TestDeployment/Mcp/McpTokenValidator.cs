using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ScalekitReadiness.TestDeployment;

/// <summary>What the MCP server made of a request's access token.</summary>
internal enum TokenOutcome
{
    /// <summary>No token in the request.</summary>
    Missing,

    /// <summary>A token that verified: signature, issuer (either Scalekit form), audience, lifetime.</summary>
    Valid,

    /// <summary>A well-formed, correctly signed token whose lifetime is over.</summary>
    Expired,

    /// <summary>Anything else: malformed, bad signature, wrong issuer or audience.</summary>
    Invalid,
}

/// <summary>The result of validating a request's bearer token.</summary>
internal sealed class TokenValidation
{
    public TokenValidation(TokenOutcome outcome, string description, string? clientId = null, IReadOnlyCollection<string>? scopes = null)
    {
        Outcome = outcome;
        Description = description;
        ClientId = clientId;
        Scopes = scopes ?? [];
    }

    public TokenOutcome Outcome { get; }

    public string Description { get; }

    public string? ClientId { get; }

    public IReadOnlyCollection<string> Scopes { get; }
}

/// <summary>
/// Validates MCP access tokens the way a careful Scalekit resource server does, with Microsoft.IdentityModel: RS256
/// only, signed by the environment's key, <c>iss</c> = the environment or &lt;env&gt;/resources/&lt;res&gt;, <c>aud</c>
/// contains the resource id or the server URL, <c>exp</c>/<c>nbf</c> checked; scopes from <c>scope</c> or <c>scopes</c>.
/// Each SK-MCP-050 fault loosens exactly one of those rules.
/// </summary>
internal static class McpTokenValidator
{
    private static readonly JsonWebTokenHandler s_handler = new() { MapInboundClaims = false };

    /// <summary>Reads the bearer token from the Authorization header (or, under a fault, the query string).</summary>
    public static string? ReadToken(HttpRequest request, DeploymentState state)
    {
        string? authorization = request.Headers.Authorization;
        const string Scheme = "Bearer ";
        if (authorization is not null && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            string token = authorization[Scheme.Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        if (state.Has(Faults.McpAcceptsQueryToken))
        {
            string query = request.Query["access_token"].ToString();
            return query.Length > 0 ? query : null;
        }

        return null;
    }

    public static async Task<TokenValidation> ValidateAsync(string? token, DeploymentState state)
    {
        if (token is null)
        {
            return new TokenValidation(TokenOutcome.Missing, "Missing bearer token");
        }

        if (!s_handler.CanReadToken(token))
        {
            return new TokenValidation(TokenOutcome.Invalid, "The access token is malformed");
        }

        JsonWebToken jwt;
        try
        {
            jwt = s_handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return new TokenValidation(TokenOutcome.Invalid, "The access token is malformed");
        }

        // Like many hand-written verifiers, the lifetime is looked at first: an expired token is "expired" whoever signed it.
        if (!state.Has(Faults.McpAcceptsExpired) && jwt.ValidTo != DateTime.MinValue && jwt.ValidTo < DateTime.UtcNow.AddSeconds(-30))
        {
            return new TokenValidation(TokenOutcome.Expired, "The access token expired");
        }

        TokenValidationParameters parameters = Parameters(state, jwt);
        TokenValidationResult result = await s_handler.ValidateTokenAsync(token, parameters);
        if (result.IsValid)
        {
            return new TokenValidation(TokenOutcome.Valid, "valid", ClientId(jwt), Scopes(jwt));
        }

        return result.Exception is SecurityTokenExpiredException
            ? new TokenValidation(TokenOutcome.Expired, "The access token expired")
            : new TokenValidation(TokenOutcome.Invalid, Describe(result.Exception));
    }

    private static TokenValidationParameters Parameters(DeploymentState state, JsonWebToken jwt)
    {
        var key = new RsaSecurityKey(state.SigningKey.Rsa.ExportParameters(false)) { KeyId = state.SigningKey.KeyId };
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = [state.Urls.EnvironmentUrl, state.ResourceIssuer],
            ValidAudiences = [state.ResourceId, state.Urls.McpUrl],
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuer = !state.Has(Faults.McpAcceptsWrongIssuer),
            ValidateAudience = !state.Has(Faults.McpAcceptsWrongAudience),
            ValidateLifetime = !state.Has(Faults.McpAcceptsExpired),
            ClockSkew = TimeSpan.FromSeconds(30),
        };

        string alg = jwt.Alg ?? string.Empty;
        if (state.Has(Faults.McpAcceptsAlgNone) && string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase))
        {
            // The classic bug: an unsigned token is taken at its word.
            parameters.SignatureValidator = (token, _) => new JsonWebToken(token);
            parameters.ValidAlgorithms = null;
        }
        else if (state.Has(Faults.McpAcceptsWrongKey) && alg == SecurityAlgorithms.RsaSha256 && jwt.Kid == state.SigningKey.KeyId)
        {
            // Looks the key up by kid and then forgets to verify the signature with it.
            parameters.SignatureValidator = (token, _) => new JsonWebToken(token);
        }
        else if (state.Has(Faults.McpAcceptsHs256PublicKey) && alg == SecurityAlgorithms.HmacSha256)
        {
            // Key confusion: the verifier hands its RSA public key (as PEM text) to whatever algorithm the token names.
            parameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.ASCII.GetBytes(state.SigningKey.Rsa.ExportSubjectPublicKeyInfoPem()));
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        return parameters;
    }

    private static string? ClientId(JsonWebToken jwt) =>
        jwt.TryGetPayloadValue("client_id", out string? clientId) ? clientId
        : jwt.TryGetPayloadValue("sub", out string? subject) ? subject
        : null;

    private static string[] Scopes(JsonWebToken jwt)
    {
        if (jwt.TryGetPayloadValue("scope", out string? scope) && scope is not null)
        {
            return scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        if (jwt.TryGetPayloadValue("scopes", out List<object>? scopes) && scopes is not null)
        {
            return scopes.Select(value => value is JsonElement element ? element.ToString() : value?.ToString() ?? string.Empty)
                .Where(value => value.Length > 0)
                .ToArray();
        }

        return [];
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "The access token was issued for another audience",
        SecurityTokenInvalidIssuerException => "The access token was issued by an unknown issuer",
        SecurityTokenInvalidAlgorithmException => "The access token's algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token's signature is not valid",
        SecurityTokenNotYetValidException => "The access token is not valid yet",
        _ => "The access token is not valid",
    };

}
