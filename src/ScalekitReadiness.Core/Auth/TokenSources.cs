using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Har;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Auth;

/// <summary>
/// Gathers the tokens SK-AUTH-050/051 judge: supplied with -AccessToken, found in a HAR (Bearer headers and token
/// responses), or minted once by the audit (client_credentials) when state changes are allowed.
/// </summary>
internal static class TokenSources
{
    /// <summary>Collects the tokens; problems reading the HAR end up as a Warning on <paramref name="result"/>.</summary>
    public static async Task<IReadOnlyList<InspectedToken>> CollectAsync(AuditContext context, AuthInputs? inputs, ResultBuilder result, CancellationToken cancellationToken)
    {
        var tokens = new List<InspectedToken>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string label, string? raw, long? expiresIn = null)
        {
            if (string.IsNullOrWhiteSpace(raw) || !seen.Add(raw!))
            {
                return;
            }

            context.Redactor.AddSecret(raw);
            tokens.Add(InspectedToken.Read(label, raw!.Trim(), expiresIn));
        }

        int index = 0;
        foreach (string supplied in inputs?.AccessTokens ?? Array.Empty<string>())
        {
            Add("access token from -AccessToken #" + (++index).ToString(CultureInfo.InvariantCulture), supplied);
        }

        string? harPath = inputs?.HarPath;
        if (harPath is not null)
        {
            try
            {
                foreach ((string label, string raw, long? expiresIn) in FromHar(HarArchive.Load(harPath)))
                {
                    Add(label, raw, expiresIn);
                }
            }
            catch (HarFormatException ex)
            {
                result.Warn(ex.Message);
            }
        }

        bool mint = inputs?.MintToken ?? context.Configuration.AllowStateChange;
        if (tokens.Count == 0 && mint && TokenGrant.CanMint(context.Configuration))
        {
            TokenAnswer minted = await TokenGrant.MintOnceAsync(context, cancellationToken).ConfigureAwait(false);
            result.Evidence("Minted (client_credentials)", minted.Response.Exchange.Summary);
            if (minted.AccessToken is null)
            {
                result.Fail($"The audit could not mint a token to judge: the token endpoint answered {minted.Outcome}. Check the client id and secret (SK-QC-002).");
            }

            Add("access token minted by the audit (client_credentials)", minted.AccessToken, minted.ExpiresIn);
        }

        return tokens;
    }

    /// <summary>Bearer tokens the browser sent and tokens the browser received from a token endpoint.</summary>
    internal static IEnumerable<(string Label, string Raw, long? ExpiresIn)> FromHar(IEnumerable<HarEntry> entries)
    {
        foreach (HarEntry entry in entries)
        {
            foreach (string authorization in entry.RequestHeaderValues("Authorization"))
            {
                if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                {
                    yield return ("access token sent by the browser (HAR: " + entry.Description + ")", authorization.Substring(7).Trim(), null);
                }
            }

            if (entry.ResponseBody is string body && body.IndexOf("_token\"", StringComparison.Ordinal) >= 0
                && JsonDocumentReader.TryParse(body, out _) is JObject answer)
            {
                long? expiresIn = answer["expires_in"]?.Type is JTokenType.Integer or JTokenType.Float ? (long)answer["expires_in"]!.Value<double>() : null;
                foreach (string kind in new[] { "access_token", "id_token", "refresh_token" })
                {
                    if (answer[kind]?.Type == JTokenType.String)
                    {
                        string label = kind.Replace('_', ' ') + " from a token response (HAR: " + entry.Description + ")";
                        yield return (label, (string)answer[kind]!, kind == "access_token" ? expiresIn : null);
                    }
                }
            }
        }
    }
}
