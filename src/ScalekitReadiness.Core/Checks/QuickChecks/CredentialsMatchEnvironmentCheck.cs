using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Checks.QuickChecks;

/// <summary>
/// SK-QC-002: the client id and secret work against the configured environment (one client_credentials token is
/// minted at <c>&lt;env&gt;/oauth/token</c>), and the environment's discovery document names exactly that URL as issuer.
/// </summary>
internal sealed class CredentialsMatchEnvironmentCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-QC-002";

    public CredentialsMatchEnvironmentCheck()
        : base(new CheckDefinition(
            CheckId,
            "Credentials belong to this environment",
            CheckSection.QuickChecks,
            Severity.Critical,
            Safety.StateChanging,
            "Mints one client_credentials token at <env>/oauth/token with the configured client id and secret: 200 with an access_token proves the pair works against this URL (catches development credentials aimed at the production URL); 401 invalid_client fails. Then reads <env>/.well-known/openid-configuration: its issuer must equal the configured URL byte for byte (custom-domain drift shows here). The secret goes only to the environment's own host; the token is never shown.",
            "Use the client id and secret of the same environment as the URL (Dashboard › Developers › Settings › API credentials of the Production environment). If the issuer differs, configure exactly the issuer the discovery document names — with a custom domain, the custom domain — and no trailing slash.",
            new[] { "Environment.Url", "Environment.ClientId", "Environment.ClientSecretEnv" },
            new[]
            {
                "Scalekit: authenticate/m2m/api-auth-quickstart (client_credentials at /oauth/token)",
                "OpenID Connect Discovery 1.0 §4.3 (issuer equality)",
                "RFC 6749 §4.4 (client credentials grant), §5.2 (invalid_client)",
            }))
    {
    }

    public override string? MissingConfiguration(AuditContext context) => EnvironmentCredentials.Missing(context.Configuration);

    public string? DefaultTarget(AuditContext context) => context.Configuration.EnvironmentUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        string environmentUrl = configuration.EnvironmentUrl!;
        ResultBuilder result = context.StartResult(Definition, environmentUrl);
        if (!Uri.TryCreate(environmentUrl, UriKind.Absolute, out Uri? environment))
        {
            result.Fail($"The environment URL '{environmentUrl}' is not an absolute URL (see SK-QC-001).");
            return new[] { result.Build(string.Empty) };
        }

        await MintTokenAsync(context, environment, result, cancellationToken).ConfigureAwait(false);
        await CompareIssuerAsync(context, environmentUrl, environment, result, cancellationToken).ConfigureAwait(false);
        return new[] { result.Build($"The client id and secret mint a token at {environmentUrl}, and its discovery document names it as issuer.") };
    }

    private static async Task MintTokenAsync(AuditContext context, Uri environment, ResultBuilder result, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        ClientCredentialsAnswer answer = await ClientCredentialsGrant.SendAsync(context.Probe, environment, configuration.ClientId!, configuration.ClientSecret!, cancellationToken).ConfigureAwait(false);
        ProbeResponse response = answer.Response;
        result.Evidence("Token endpoint", response.Exchange.Summary);

        JObject? body = JsonDocumentReader.TryParse(response.BodyText, out _) as JObject;
        string? error = answer.Error;
        string? accessToken = answer.AccessToken;
        if (response.StatusCode == 200 && accessToken is not null)
        {
            result.Evidence("Token response", $"token_type={body!["token_type"]}, expires_in={body["expires_in"]} (the token itself is not shown)");
            return;
        }

        if (response.StatusCode == 401 || error == "invalid_client")
        {
            result.Fail($"The environment rejected the client id and secret (HTTP {response.StatusCode}, {error ?? "no error code"}): they belong to another environment — development credentials aimed at production? — or the secret was rotated.");
        }
        else
        {
            result.Fail($"The client_credentials request answered HTTP {response.StatusCode}{(error is null ? string.Empty : " " + error)} without an access token; the credentials cannot be proven against this environment.");
        }
    }

    private static async Task CompareIssuerAsync(AuditContext context, string environmentUrl, Uri environment, ResultBuilder result, CancellationToken cancellationToken)
    {
        var discovery = new Uri(environment.GetLeftPart(UriPartial.Authority) + "/.well-known/openid-configuration");
        ProbeResponse response = await context.Probe.SendAsync(ProbeRequest.Get(discovery).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("Discovery", response.Exchange.Summary);
        JObject? document = response.StatusCode == 200 ? JsonDocumentReader.TryParse(response.BodyText, out _) as JObject : null;
        if (document?["issuer"] is not JToken issuerToken || issuerToken.Type != JTokenType.String)
        {
            result.Fail($"{discovery} did not answer a discovery document with an issuer (HTTP {response.StatusCode}); clients cannot validate this environment's tokens.");
            return;
        }

        string issuer = (string)issuerToken!;
        result.Evidence("issuer", issuer);
        if (string.Equals(issuer, environmentUrl, StringComparison.Ordinal))
        {
            return;
        }

        string difference = string.Equals(issuer.TrimEnd('/'), environmentUrl.TrimEnd('/'), StringComparison.Ordinal)
            ? " (they differ only by a trailing slash)"
            : string.Empty;
        result.Fail($"The discovery issuer '{issuer}' is not the configured environment URL '{environmentUrl}'{difference}: token validation that compares iss byte for byte will reject every token.");
    }
}
