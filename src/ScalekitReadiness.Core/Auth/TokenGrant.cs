using System;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Auth;

/// <summary>
/// Requests at the environment's token endpoint (<c>&lt;env&gt;/oauth/token</c>, client_secret_post as Scalekit's
/// SDKs send it). Every token in an answer is registered with the redactor before anything records it.
/// </summary>
internal static class TokenGrant
{
    private static readonly ConditionalWeakTable<AuditContext, Task<TokenAnswer>> s_minted = new();

    /// <summary>Gets a value indicating whether the configuration can mint a client_credentials token.</summary>
    public static bool CanMint(AuditConfiguration configuration) =>
        configuration.EnvironmentUrl is not null && configuration.ClientId is not null && configuration.ClientSecret is not null;

    /// <summary>The one client_credentials token of this run, minted on first use and shared by every check that asks.</summary>
    public static Task<TokenAnswer> MintOnceAsync(AuditContext context, CancellationToken cancellationToken)
    {
        lock (s_minted)
        {
            if (!s_minted.TryGetValue(context, out Task<TokenAnswer>? minted))
            {
                minted = RequestAsync(context, "grant_type=client_credentials", cancellationToken);
                s_minted.Add(context, minted);
            }

            return minted;
        }
    }

    /// <summary>Spends <paramref name="refreshToken"/> at the token endpoint (the refresh_token grant).</summary>
    public static Task<TokenAnswer> RefreshAsync(AuditContext context, string refreshToken, CancellationToken cancellationToken)
    {
        context.Redactor.AddSecret(refreshToken);
        return RequestAsync(context, "grant_type=refresh_token&refresh_token=" + Uri.EscapeDataString(refreshToken), cancellationToken);
    }

    /// <summary>The token endpoint Scalekit serves for the configured environment, <c>&lt;env&gt;/oauth/token</c>.</summary>
    public static Uri Endpoint(AuditConfiguration configuration) =>
        new(new Uri(configuration.EnvironmentUrl!).GetLeftPart(UriPartial.Authority) + "/oauth/token");

    /// <summary>The discovery document's token_endpoint when it is on the environment's own host, else <see cref="Endpoint"/>.</summary>
    public static async Task<Uri> DiscoverEndpointAsync(AuditContext context, CancellationToken cancellationToken)
    {
        var environment = new Uri(context.Configuration.EnvironmentUrl!);
        var discovery = new Uri(context.Configuration.EnvironmentUrl!.TrimEnd('/') + "/.well-known/openid-configuration");
        ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(discovery).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == 200 && JsonDocumentReader.TryParse(response.BodyText, out _) is JObject document
            && document["token_endpoint"]?.Type == JTokenType.String && Uri.TryCreate((string?)document["token_endpoint"], UriKind.Absolute, out Uri? advertised)
            && string.Equals(advertised.Authority, environment.Authority, StringComparison.OrdinalIgnoreCase)
            ? advertised
            : Endpoint(context.Configuration);
    }

    private static async Task<TokenAnswer> RequestAsync(AuditContext context, string grant, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        Uri endpoint = await DiscoverEndpointAsync(context, cancellationToken).ConfigureAwait(false);

        // client_secret_post, as Scalekit's SDKs send it; an authorization server that registered the client for
        // client_secret_basic refuses that with invalid_client, so the same request is then sent once with Basic.
        TokenAnswer answer = await SendAsync(context, endpoint, grant + "&client_id=" + Uri.EscapeDataString(configuration.ClientId!) + "&client_secret=" + Uri.EscapeDataString(configuration.ClientSecret!), null, cancellationToken).ConfigureAwait(false);
        if (answer.Error == "invalid_client")
        {
            string basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(configuration.ClientId!) + ":" + Uri.EscapeDataString(configuration.ClientSecret!)));
            TokenAnswer retried = await SendAsync(context, endpoint, grant, "Basic " + basic, cancellationToken).ConfigureAwait(false);
            answer = retried.Error == "invalid_client" ? answer : retried;
        }

        return answer;
    }

    private static async Task<TokenAnswer> SendAsync(AuditContext context, Uri endpoint, string body, string? authorization, CancellationToken cancellationToken)
    {
        var request = new ProbeRequest(HttpMethod.Post, endpoint)
        {
            ContentType = "application/x-www-form-urlencoded",
            Body = body,
            CarriesCredential = true,
        };
        request.WithHeader("Accept", "application/json");
        if (authorization is not null)
        {
            request.WithHeader("Authorization", authorization);
        }

        ProbeResponse response = await context.Probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
        JObject? json = JsonDocumentReader.TryParse(response.BodyText, out _) as JObject;
        var answer = new TokenAnswer(response, json);
        context.Redactor.AddSecret(answer.AccessToken);
        context.Redactor.AddSecret(answer.RefreshToken);
        context.Redactor.AddSecret(answer.IdToken);
        return answer;
    }
}

/// <summary>A token endpoint's answer: the status, the OAuth error if any, and the tokens (never shown).</summary>
internal sealed class TokenAnswer
{
    public TokenAnswer(ProbeResponse response, JObject? body)
    {
        Response = response;
        Error = Text(body, "error");
        ErrorDescription = Text(body, "error_description");
        AccessToken = Text(body, "access_token");
        RefreshToken = Text(body, "refresh_token");
        IdToken = Text(body, "id_token");
        ExpiresIn = body?["expires_in"]?.Type is JTokenType.Integer or JTokenType.Float ? (long)body["expires_in"]!.Value<double>() : null;
    }

    public ProbeResponse Response { get; }

    public int StatusCode => Response.StatusCode;

    public string? Error { get; }

    public string? ErrorDescription { get; }

    public string? AccessToken { get; }

    public string? RefreshToken { get; }

    public string? IdToken { get; }

    public long? ExpiresIn { get; }

    /// <summary>Gets <c>HTTP 400 invalid_grant (description)</c> for messages.</summary>
    public string Outcome => "HTTP " + StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (Error is null ? string.Empty : " " + Error) + (ErrorDescription is null ? string.Empty : " (" + ErrorDescription + ")");

    private static string? Text(JObject? body, string name) => body?[name]?.Type == JTokenType.String ? (string?)body[name] : null;
}
