using System;
using System.Collections.Generic;
using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Auth;

/// <summary>
/// A token decoded (not validated) with System.IdentityModel.Tokens.Jwt: its header and the claims the lifetime and
/// signature checks judge. The raw value stays inside; <see cref="Label"/> names it in evidence.
/// </summary>
internal sealed class InspectedToken
{
    private InspectedToken(string label, string raw, JwtSecurityToken? jwt, long? expiresIn)
    {
        Label = label;
        Raw = raw;
        Jwt = jwt;
        ExpiresIn = expiresIn;
    }

    /// <summary>Gets where the token came from, e.g. <c>access token from -AccessToken #1</c>.</summary>
    public string Label { get; }

    /// <summary>Gets the raw token (never shown; registered with the redactor).</summary>
    public string Raw { get; }

    /// <summary>Gets the decoded JWT, or null for an opaque token.</summary>
    public JwtSecurityToken? Jwt { get; }

    /// <summary>Gets the <c>expires_in</c> of the token response that delivered it, when known.</summary>
    public long? ExpiresIn { get; }

    /// <summary>Gets a value indicating whether the token is an access token (not an ID or refresh token).</summary>
    public bool IsAccessToken => Label.StartsWith("access token", StringComparison.Ordinal);

    public static InspectedToken Read(string label, string raw, long? expiresIn = null)
    {
        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        JwtSecurityToken? jwt = null;
        if (handler.CanReadToken(raw))
        {
            try
            {
                jwt = handler.ReadJwtToken(raw);
            }
            catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
            {
                jwt = null;
            }
        }

        return new InspectedToken(label, raw, jwt, expiresIn);
    }

    public string? Algorithm => Jwt?.Header.Alg;

    public string? KeyId => Jwt?.Header.Kid;

    public string? Type => Jwt?.Header.Typ;

    public string? Issuer => Claim("iss");

    public long? IssuedAt => NumericClaim("iat");

    public long? NotBefore => NumericClaim("nbf");

    public long? Expiry => NumericClaim("exp");

    /// <summary>Gets the audience values.</summary>
    public IReadOnlyList<string> Audiences => Jwt?.Audiences.ToArray() ?? Array.Empty<string>();

    /// <summary>Gets how the token carries its scopes: <c>scope (string): a b</c>, <c>scopes (array): a, b</c> or <c>none</c>.</summary>
    public string ScopeForm
    {
        get
        {
            if (Jwt is null)
            {
                return "unknown (opaque token)";
            }

            string? scope = Claim("scope");
            string[] scopes = Jwt.Claims.Where(c => c.Type == "scopes").Select(c => c.Value).ToArray();
            return scope is not null ? "scope (string): " + scope
                : scopes.Length > 0 ? "scopes (array): " + string.Join(", ", scopes)
                : "none (neither scope nor scopes)";
        }
    }

    /// <summary>Gets the header and claims worth showing, never the signature or the token.</summary>
    public string Summary =>
        Jwt is null
            ? "opaque token of " + Raw.Length.ToString(CultureInfo.InvariantCulture) + " chars (not a JWT)"
            : string.Join(", ", new[]
            {
                "alg=" + (Algorithm ?? "(none)"),
                "typ=" + (Type ?? "(none)"),
                "kid=" + (KeyId ?? "(none)"),
                "iss=" + (Issuer ?? "(none)"),
                "aud=" + (Audiences.Count == 0 ? "(none)" : string.Join(" ", Audiences)),
                "iat=" + Format(IssuedAt),
                "nbf=" + Format(NotBefore),
                "exp=" + Format(Expiry),
                ExpiresIn is null ? null : "expires_in=" + ExpiresIn.Value.ToString(CultureInfo.InvariantCulture),
            }.Where(s => s is not null));

    private string? Claim(string type) => Jwt?.Payload.TryGetValue(type, out object? value) == true && value is string text ? text : null;

    private long? NumericClaim(string type)
    {
        if (Jwt?.Payload.TryGetValue(type, out object? value) != true || value is null)
        {
            return null;
        }

        return value switch
        {
            long l => l,
            int i => i,
            double d => (long)d,
            decimal m => (long)m,
            JValue j when j.Type is JTokenType.Integer or JTokenType.Float => j.Value<long>(),
            _ => long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) ? parsed : null,
        };
    }

    private static string Format(long? epoch) =>
        epoch is long value and >= -62135596800 and <= 253402300799 ? value.ToString(CultureInfo.InvariantCulture) + " (" + DateTimeOffset.FromUnixTimeSeconds(value).ToString("u", CultureInfo.InvariantCulture) + ")" : epoch?.ToString(CultureInfo.InvariantCulture) ?? "(none)";
}
