using System;
using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Auth;

/// <summary>
/// The environment's signing keys: found through discovery's <c>jwks_uri</c> (or <c>&lt;env&gt;/keys</c>), parsed as a
/// JWK Set with Microsoft.IdentityModel, judged (RSA, use=sig, unique kids, ≥ 2048 bits), and used to verify tokens.
/// </summary>
internal sealed class EnvironmentKeys
{
    public const int MinimumKeyBits = 2048;

    private EnvironmentKeys(Uri url, JsonWebKeySet set)
    {
        Url = url;
        Set = set;
    }

    public Uri Url { get; }

    public JsonWebKeySet Set { get; }

    /// <summary>Fetches the JWKS; returns null (with a Failed reason on <paramref name="result"/>) when it cannot be read.</summary>
    public static async Task<EnvironmentKeys?> FetchAsync(AuditContext context, Uri environment, ResultBuilder result, CancellationToken cancellationToken)
    {
        string root = environment.GetLeftPart(UriPartial.Authority);
        var url = new Uri(root + "/keys");
        ProbeResponse discovery = await context.Probe.SendAsync(
            ProbeRequest.Get(new Uri(environment.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration")).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("Discovery", discovery.Exchange.Summary);
        if (discovery.StatusCode == 200 && JsonDocumentReader.TryParse(discovery.BodyText, out _) is JObject document
            && document["jwks_uri"]?.Type == JTokenType.String && Uri.TryCreate((string?)document["jwks_uri"], UriKind.Absolute, out Uri? advertised))
        {
            url = advertised;
        }

        ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(url).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("JWKS", response.Exchange.Summary);
        if (response.StatusCode != 200)
        {
            result.Fail($"The JWKS at {url} answered HTTP {response.StatusCode}: nobody can verify this environment's tokens. It must serve the public signing keys.");
            return null;
        }

        try
        {
            return new EnvironmentKeys(url, new JsonWebKeySet(response.BodyText));
        }
        catch (Exception ex) when (ex is ArgumentException or Newtonsoft.Json.JsonException or System.Text.Json.JsonException)
        {
            result.Fail($"The JWKS at {url} is not a JWK Set ({ex.Message}).");
            return null;
        }
    }

    /// <summary>Judges the keys: RSA, use=sig, unique kids, at least 2048 bits.</summary>
    public void Judge(ResultBuilder result)
    {
        result.Evidence("Keys", string.Join("; ", Set.Keys.Select(Describe)));
        if (Set.Keys.Count == 0)
        {
            result.Fail($"The JWKS at {Url} holds no key: no token of this environment can be verified.");
        }

        foreach (IGrouping<string, JsonWebKey> duplicate in Set.Keys.GroupBy(k => k.Kid ?? string.Empty, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            result.Fail($"The JWKS publishes {duplicate.Count()} keys under kid '{duplicate.Key}': a verifier picks one of them, so tokens signed by the other fail at random. Every kid must be unique.");
        }

        foreach (JsonWebKey key in Set.Keys)
        {
            if (!string.Equals(key.Kty, JsonWebAlgorithmsKeyTypes.RSA, StringComparison.Ordinal))
            {
                result.Fail($"The key '{key.Kid}' is of type {key.Kty}, not RSA; Scalekit tokens are RS256 and verifiers expect RSA keys.");
                continue;
            }

            if (!string.Equals(key.Use, JsonWebKeyUseNames.Sig, StringComparison.Ordinal))
            {
                result.Fail($"The key '{key.Kid}' has use={(string.IsNullOrEmpty(key.Use) ? "(none)" : key.Use)}, not sig: strict verifiers refuse to verify signatures with it.");
            }

            if (key.KeySize < MinimumKeyBits)
            {
                result.Fail($"The key '{key.Kid}' has {key.KeySize.ToString(CultureInfo.InvariantCulture)} bits; RSA signing keys need at least {MinimumKeyBits} bits (NIST SP 800-57).");
            }
        }
    }

    /// <summary>Verifies the token's signature with the key its kid names; returns null when it verifies, else why not.</summary>
    public string? VerifySignature(InspectedToken token)
    {
        JsonWebKey[] named = Set.Keys.Where(k => string.Equals(k.Kid, token.KeyId, StringComparison.Ordinal)).ToArray();
        if (named.Length == 0)
        {
            return $"its kid '{token.KeyId ?? "(none)"}' names no key of the JWKS at {Url}: it was not signed by this environment (or the key was rotated out).";
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = named,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            TryAllIssuerSigningKeys = false,
        };
        try
        {
            new JwtSecurityTokenHandler { MapInboundClaims = false }.ValidateToken(token.Raw, parameters, out _);
            return null;
        }
        catch (Exception ex) when (ex is SecurityTokenException or ArgumentException)
        {
            return $"its signature does not verify with the key '{token.KeyId}' of the JWKS ({ex.GetType().Name}): it was forged or altered.";
        }
    }

    private static string Describe(JsonWebKey key) =>
        "kid=" + (key.Kid ?? "(none)") + " kty=" + key.Kty + " use=" + (string.IsNullOrEmpty(key.Use) ? "(none)" : key.Use)
        + " alg=" + (string.IsNullOrEmpty(key.Alg) ? "(none)" : key.Alg) + " bits=" + key.KeySize.ToString(CultureInfo.InvariantCulture);
}
