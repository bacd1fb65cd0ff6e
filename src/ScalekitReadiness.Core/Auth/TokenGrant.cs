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

    /// <summary>The token endpoint of the configured environment.</summary>
    public static Uri Endpoint(AuditConfiguration configuration) =>
        new(new Uri(configuration.EnvironmentUrl!).GetLeftPart(UriPartial.Authority) + "/oauth/token");

    private static async Task<TokenAnswer> RequestAsync(AuditContext context, string grant, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        var request = new ProbeRequest(HttpMethod.Post, Endpoint(configuration))
        {
            ContentType = "application/x-www-form-urlencoded",
            Body = grant + "&client_id=" + Uri.EscapeDataString(configuration.ClientId!) + "&client_secret=" + Uri.EscapeDataString(configuration.ClientSecret!),
            CarriesCredential = true,
        };
        request.WithHeader("Accept", "application/json");
        ProbeResponse response = await context.Probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
        JObject? body = JsonDocumentReader.TryParse(response.BodyText, out _) as JObject;
        var answer = new TokenAnswer(response, body);
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
