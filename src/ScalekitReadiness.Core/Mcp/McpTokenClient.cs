using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Mcp;

/// <summary>
/// The <c>client_credentials</c> grant an MCP M2M client uses (RFC 6749 §4.4, RFC 8707 <c>resource</c>). The secret
/// goes in the form (client_secret_post, as Scalekit's SDKs send it) and only to an authority the probe client
/// allows: a token endpoint on any other host is refused before a byte is sent.
/// </summary>
internal static class McpTokenClient
{
    public static async Task<McpTokenResult> RequestAsync(
        ProbeClient probe,
        Uri tokenEndpoint,
        string clientId,
        string clientSecret,
        string? resource,
        string? scope,
        CancellationToken cancellationToken)
    {
        probe.Redactor.AddSecret(clientSecret);
        if (!probe.Options.CredentialAuthorities.Contains(tokenEndpoint.Authority))
        {
            return McpTokenResult.Refused(
                tokenEndpoint,
                $"The token endpoint {tokenEndpoint.GetLeftPart(UriPartial.Path)} is not on the configured environment ({string.Join(", ", probe.Options.CredentialAuthorities)}); the client secret is never sent there.");
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "client_credentials"),
            new("client_id", clientId),
            new("client_secret", clientSecret),
        };
        if (resource is not null)
        {
            form.Add(new("resource", resource));
        }

        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        ProbeResponse response = await probe.SendAsync(FormRequest(tokenEndpoint, form), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 401)
        {
            // A client registered for client_secret_basic refuses the secret in the form: the same endpoint gets it in Basic auth.
            string basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret)));
            ProbeRequest retry = FormRequest(tokenEndpoint, form.Where(p => p.Key is not ("client_id" or "client_secret")).ToList()).WithHeader("Authorization", "Basic " + basic);
            ProbeResponse second = await probe.SendAsync(retry, cancellationToken).ConfigureAwait(false);
            if (second.StatusCode == 200)
            {
                response = second;
            }
        }

        JObject? body = JsonDocumentReader.TryParse(response.BodyText, out _) as JObject;
        string? token = body?["access_token"]?.Type == JTokenType.String ? (string?)body["access_token"] : null;
        probe.Redactor.AddSecret(token);
        string? problem = response.StatusCode != 200
            ? $"The token endpoint answered {response.StatusCode}" + (body?["error"] is JToken error ? $" ({error})" : string.Empty) + "."
            : token is null ? "The token endpoint answered 200 without an access_token." : null;
        return new McpTokenResult(tokenEndpoint, response, body, token, problem);
    }

    private static ProbeRequest FormRequest(Uri tokenEndpoint, IEnumerable<KeyValuePair<string, string>> form) =>
        new ProbeRequest(HttpMethod.Post, tokenEndpoint)
        {
            ContentType = "application/x-www-form-urlencoded",
            Body = string.Join("&", form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))),
            CarriesCredential = true,
        }.WithHeader("Accept", "application/json");
}

/// <summary>The answer of a token request (the access token is redacted everywhere it could appear).</summary>
internal sealed class McpTokenResult
{
    public McpTokenResult(Uri tokenEndpoint, ProbeResponse? response, JObject? body, string? accessToken, string? problem)
    {
        TokenEndpoint = tokenEndpoint;
        Response = response;
        Body = body;
        AccessToken = accessToken;
        Problem = problem;
    }

    public Uri TokenEndpoint { get; }

    /// <summary>Gets the HTTP response, or null when the request was refused before sending.</summary>
    public ProbeResponse? Response { get; }

    /// <summary>Gets the JSON body, or null.</summary>
    public JObject? Body { get; }

    public string? AccessToken { get; }

    /// <summary>Gets why no token was obtained, or null.</summary>
    public string? Problem { get; }

    public bool Succeeded => AccessToken is not null && Problem is null;

    public static McpTokenResult Refused(Uri tokenEndpoint, string problem) => new(tokenEndpoint, null, null, null, problem);
}
