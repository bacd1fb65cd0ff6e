using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>The environment's published RSA signing key (kid and public key), read from its discovery document's jwks_uri.</summary>
internal sealed class EnvironmentSigningKey
{
    private EnvironmentSigningKey(string? keyId, string publicKeyPem, string jwksUrl)
    {
        KeyId = keyId;
        PublicKeyPem = publicKeyPem;
        JwksUrl = jwksUrl;
    }

    public string? KeyId { get; }

    public string PublicKeyPem { get; }

    public string JwksUrl { get; }

    /// <summary>Finds the first RSA signing key of the environment's JWKS; null (with evidence saying why) when there is none.</summary>
    public static async Task<EnvironmentSigningKey?> FindAsync(AuditContext context, ResultBuilder result, CancellationToken cancellationToken)
    {
        string? environment = context.Configuration.EnvironmentUrl?.TrimEnd('/');
        if (environment is null || !Uri.TryCreate(environment, UriKind.Absolute, out Uri? environmentUri))
        {
            result.Evidence("JWKS", "not read: no Environment.Url is configured");
            return null;
        }

        Uri jwksUri = new(environmentUri, environmentUri.AbsolutePath.TrimEnd('/') + "/keys");
        ProbeResponse discovery = await context.Probe.SendAsync(
            ProbeRequest.Get(new Uri(environment + "/.well-known/openid-configuration")).WithHeader("Accept", "application/json"),
            cancellationToken).ConfigureAwait(false);
        if (discovery.StatusCode == 200
            && JsonDocumentReader.TryParse(discovery.BodyText, out _) is JObject document
            && document["jwks_uri"]?.Type == JTokenType.String
            && Uri.TryCreate((string?)document["jwks_uri"], UriKind.Absolute, out Uri? advertised))
        {
            jwksUri = advertised;
        }

        ProbeResponse jwks = await context.Probe.SendAsync(ProbeRequest.Get(jwksUri).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("JWKS", jwks.Exchange.Summary);
        if (jwks.StatusCode != 200)
        {
            return null;
        }

        try
        {
            JsonWebKey? key = new JsonWebKeySet(jwks.BodyText).Keys
                .FirstOrDefault(k => k.Kty == JsonWebAlgorithmsKeyTypes.RSA && !string.IsNullOrEmpty(k.N) && !string.IsNullOrEmpty(k.E) && k.Use is null or "sig");
            return key is null
                ? null
                : new EnvironmentSigningKey(key.Kid, ForgedTokens.PublicKeyPem(Base64UrlEncoder.DecodeBytes(key.N), Base64UrlEncoder.DecodeBytes(key.E)), jwksUri.AbsoluteUri);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
