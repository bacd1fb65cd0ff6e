using System;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Auth;

/// <summary>
/// The environment's authorization, token and JWKS endpoints, read from its OpenID discovery document
/// (<c>&lt;env&gt;/.well-known/openid-configuration</c>, one request) so that any OpenID provider can be audited;
/// Scalekit's fixed paths (/oauth/authorize, /oauth/token, /keys) when the document cannot be read.
/// </summary>
internal sealed class AuthorizationServerEndpoints
{
    private AuthorizationServerEndpoints(Uri authorization, Uri token, Uri jwks, string source)
    {
        Authorization = authorization;
        Token = token;
        Jwks = jwks;
        Source = source;
    }

    public Uri Authorization { get; }

    public Uri Token { get; }

    public Uri Jwks { get; }

    /// <summary>Gets where the endpoints came from, for evidence.</summary>
    public string Source { get; }

    public static async Task<AuthorizationServerEndpoints> DiscoverAsync(AuditContext context, Uri environment, ResultBuilder result, CancellationToken cancellationToken)
    {
        string root = environment.AbsoluteUri.TrimEnd('/');
        var discovery = new Uri(root + "/.well-known/openid-configuration");
        ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(discovery).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("Discovery", response.Exchange.Summary);
        JObject? document = response.StatusCode == 200 ? JsonDocumentReader.TryParse(response.BodyText, out _) as JObject : null;
        Uri? authorization = Endpoint(document, "authorization_endpoint");
        Uri? token = Endpoint(document, "token_endpoint");
        Uri? jwks = Endpoint(document, "jwks_uri");
        string origin = environment.GetLeftPart(UriPartial.Authority);
        var endpoints = authorization is not null && token is not null && jwks is not null
            ? new AuthorizationServerEndpoints(authorization, token, jwks, "discovery document")
            : new AuthorizationServerEndpoints(new Uri(origin + "/oauth/authorize"), new Uri(origin + "/oauth/token"), new Uri(origin + "/keys"), "Scalekit's fixed paths (no usable discovery document)");
        result.Evidence("Endpoints", endpoints.Source);
        return endpoints;
    }

    private static Uri? Endpoint(JObject? document, string member) =>
        document?[member]?.Type == JTokenType.String && Uri.TryCreate((string?)document[member], UriKind.Absolute, out Uri? uri) ? uri : null;
}
