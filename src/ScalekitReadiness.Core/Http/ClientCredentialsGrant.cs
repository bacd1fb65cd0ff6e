using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Http;

/// <summary>The answer of one client_credentials request; the access token is registered with the redactor.</summary>
internal sealed class ClientCredentialsAnswer
{
    public ClientCredentialsAnswer(ProbeResponse response, string? accessToken, string? error)
    {
        Response = response;
        AccessToken = accessToken;
        Error = error;
    }

    public ProbeResponse Response { get; }

    /// <summary>Gets the access token of a 200 answer, else null.</summary>
    public string? AccessToken { get; }

    /// <summary>Gets the OAuth <c>error</c> code of the answer, if it has one.</summary>
    public string? Error { get; }

    public bool Succeeded => AccessToken is not null;
}

/// <summary>
/// One <c>client_credentials</c> request at <c>&lt;env&gt;/oauth/token</c> (client_secret_post), sent through the probe
/// client so the credential rule, the rate limit and 429 Retry-After apply. The token never leaves this object unredacted.
/// </summary>
internal static class ClientCredentialsGrant
{
    /// <summary>The environment's token endpoint.</summary>
    public static Uri TokenEndpoint(Uri environment) => new(environment.GetLeftPart(UriPartial.Authority) + "/oauth/token");

    /// <summary>Builds the request (for senders that time or pace it themselves).</summary>
    public static ProbeRequest Request(Uri tokenEndpoint, string clientId, string clientSecret, string? resource = null)
    {
        var request = new ProbeRequest(HttpMethod.Post, tokenEndpoint)
        {
            ContentType = "application/x-www-form-urlencoded",
            Body = "grant_type=client_credentials&client_id=" + Uri.EscapeDataString(clientId)
                + "&client_secret=" + Uri.EscapeDataString(clientSecret)
                + (resource is null ? string.Empty : "&resource=" + Uri.EscapeDataString(resource)),
            CarriesCredential = true,
        };
        return request.WithHeader("Accept", "application/json");
    }

    /// <summary>Reads a token endpoint's answer.</summary>
    public static ClientCredentialsAnswer Read(ProbeResponse response, Redactor redactor)
    {
        JObject? body = JsonDocumentReader.TryParse(response.BodyText, out _) as JObject;
        string? error = body?["error"]?.Type == JTokenType.String ? (string?)body["error"] : null;
        string? token = response.StatusCode == 200 && body?["access_token"]?.Type == JTokenType.String ? (string?)body["access_token"] : null;
        redactor.AddSecret(token);
        return new ClientCredentialsAnswer(response, token, error);
    }

    /// <summary>Sends one request and reads the answer.</summary>
    /// <exception cref="ProbeException">The request could not complete.</exception>
    public static async Task<ClientCredentialsAnswer> SendAsync(ProbeClient probe, Uri environment, string clientId, string clientSecret, CancellationToken cancellationToken)
    {
        ProbeResponse response = await probe.SendAsync(Request(TokenEndpoint(environment), clientId, clientSecret), cancellationToken).ConfigureAwait(false);
        return Read(response, probe.Redactor);
    }
}
