using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>Requests the peer tests send, through the module's own ProbeClient (so its TrustedCaPath is exercised too).</summary>
internal static class PeerHttp
{
    /// <summary>A probe client trusting <paramref name="caPath"/> that may send credentials to the given URLs' authorities.</summary>
    public static ProbeClient Probe(string? caPath, params string[] credentialUrls)
    {
        var options = new ProbeClientOptions { TrustedCaPath = caPath, MaxRequestsPerSecond = 0 };
        foreach (string url in credentialUrls)
        {
            options.CredentialAuthorities.Add(new Uri(url).Authority);
        }

        return new ProbeClient(options, new Redactor());
    }

    public static Task<ProbeResponse> GetAsync(ProbeClient probe, string url) =>
        probe.SendAsync(ProbeRequest.Get(new Uri(url)), CancellationToken.None);

    /// <summary>POSTs a form (a token request), with client_secret_basic when a secret is given.</summary>
    public static Task<ProbeResponse> PostFormAsync(
        ProbeClient probe, string url, IEnumerable<KeyValuePair<string, string>> form, string? clientId = null, string? clientSecret = null)
    {
        var request = new ProbeRequest(HttpMethod.Post, new Uri(url))
        {
            Body = string.Join("&", form.Select(pair => Uri.EscapeDataString(pair.Key) + "=" + Uri.EscapeDataString(pair.Value))),
            ContentType = "application/x-www-form-urlencoded",
            CarriesCredential = true,
        };
        if (clientSecret is not null)
        {
            string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId!) + ":" + Uri.EscapeDataString(clientSecret)));
            request.WithHeader("Authorization", "Basic " + basic);
        }

        return probe.SendAsync(request, CancellationToken.None);
    }

    /// <summary>A client_credentials token (access_token) from oidc-provider's m2m-client for <paramref name="resource"/>.</summary>
    public static async Task<string> ClientCredentialsTokenAsync(OidcProviderPeer provider, string resource, string scope)
    {
        using ProbeClient probe = Probe(provider.CaPath, provider.Issuer);
        ProbeResponse response = await PostFormAsync(
            probe,
            provider.TokenEndpoint,
            [new("grant_type", "client_credentials"), new("scope", scope), new("resource", resource)],
            OidcProviderPeer.M2mClientId,
            OidcProviderPeer.M2mClientSecret);
        if (response.StatusCode != 200)
        {
            throw new InvalidOperationException($"client_credentials failed: {response.StatusCode} {response.BodyText}");
        }

        return Json(response).GetProperty("access_token").GetString()!;
    }

    public static JsonElement Json(ProbeResponse response) => JsonDocument.Parse(response.BodyText).RootElement.Clone();
}
