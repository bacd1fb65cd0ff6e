using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Checks.Auth;

/// <summary>
/// SK-AUTH-020: the token endpoint answers a fake code with 400 invalid_grant and a wrong secret with 401
/// invalid_client, as JSON with Cache-Control: no-store. With a real code (and state changes allowed) it exchanges
/// it, validates the ID token against the JWKS (signature, iss, aud, exp, nonce) and shows a second use fails.
/// </summary>
internal sealed class CodeExchangeCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-AUTH-020";

    private static readonly TimeSpan s_clockSkew = TimeSpan.FromMinutes(1);

    private readonly CodeExchangeInputs? _inputs;

    public CodeExchangeCheck()
        : this(null)
    {
    }

    public CodeExchangeCheck(CodeExchangeInputs? inputs)
        : base(new CheckDefinition(
            CheckId,
            "Code exchange is sound",
            CheckSection.CoreAuthFlows,
            Severity.High,
            Safety.Active,
            "Reads <env>/.well-known/openid-configuration for the token endpoint and JWKS (Scalekit's /oauth/token and /keys when it cannot), then POSTs an authorization_code grant with a made-up code (expect 400 invalid_grant as JSON, not 5xx or 200) and one with a wrong client secret (expect 401 invalid_client); every token response must carry Cache-Control: no-store. With a real code (-AuthorizationCode and -CodeVerifier, state changes allowed): exchanges it, validates the ID token with the environment's JWKS (RS256 signature, iss = the environment URL, aud = the client id, exp, nonce), then sends the same code again, which must fail.",
            "Redeem codes only through Scalekit's token endpoint and treat its answers as they are: a proxy or gateway in front of it must keep the 400/401 OAuth errors, the JSON body and Cache-Control: no-store. Validate every ID token (signature from <env>/keys, iss, aud, exp, nonce) before you trust it — the Scalekit SDKs' validateToken does this. If a code can be redeemed twice, the authorization server is not Scalekit's or a cache answers for it: fix that before launch.",
            new[] { "Environment.Url", "Environment.ClientId" },
            new[]
            {
                "RFC 6749 §4.1.3, §5.1 (no-store), §5.2 (invalid_grant, invalid_client), §10.5 (single-use codes)",
                "OpenID Connect Core 1.0 §3.1.3.7 (ID token validation)",
                "Scalekit: authenticate/fsa/complete-login",
            }))
    {
        _inputs = inputs;
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.EnvironmentUrl is null ? "Environment.Url (or SCALEKIT_ENVIRONMENT_URL)"
        : context.Configuration.ClientId is null ? "Environment.ClientId (or SCALEKIT_CLIENT_ID)"
        : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.EnvironmentUrl;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        if (!Uri.TryCreate(configuration.EnvironmentUrl, UriKind.Absolute, out Uri? environment))
        {
            return new[] { context.StartResult(Definition, configuration.EnvironmentUrl!).Error($"The environment URL '{configuration.EnvironmentUrl}' is not an absolute URL.") };
        }

        ResultBuilder result = context.StartResult(Definition, configuration.EnvironmentUrl!);
        AuthorizationServerEndpoints endpoints = await AuthorizationServerEndpoints.DiscoverAsync(context, environment, result, cancellationToken).ConfigureAwait(false);
        Uri tokenEndpoint = endpoints.Token;
        result.Evidence("Token endpoint", tokenEndpoint.AbsoluteUri);
        string redirectUri = _inputs?.RedirectUri ?? configuration.App.CallbackUrl ?? configuration.App.RedirectUris.FirstOrDefault() ?? "https://" + RedirectUriVariant.ProbeHost + "/callback";

        await ProbeFakeCodeAsync(context, tokenEndpoint, redirectUri, result, cancellationToken).ConfigureAwait(false);
        await ProbeWrongSecretAsync(context, tokenEndpoint, redirectUri, result, cancellationToken).ConfigureAwait(false);
        if (_inputs is not null)
        {
            if (configuration.AllowStateChange)
            {
                await ExchangeRealCodeAsync(context, endpoints, _inputs, result, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result.Warn("A real authorization code was supplied but state changes are not allowed (-AllowStateChange), so it was not exchanged and single use was not proven.");
            }
        }

        return new[] { result.Build(_inputs is not null && configuration.AllowStateChange
            ? "The token endpoint refuses fake codes and wrong secrets, sends no-store, issues a valid ID token for the real code, and refuses it the second time."
            : "The token endpoint refuses a fake code with invalid_grant and a wrong secret with invalid_client, as JSON with no-store.") };
    }

    private static async Task ProbeFakeCodeAsync(AuditContext context, Uri tokenEndpoint, string redirectUri, ResultBuilder result, CancellationToken cancellationToken)
    {
        string? secret = context.Configuration.ClientSecret;
        ProbeResponse response = await PostAsync(context, tokenEndpoint, "sk-probe-fake-code-" + Pkce.RandomValue(12), redirectUri, secret, Pkce.RandomValue(), cancellationToken).ConfigureAwait(false);
        result.Evidence("Fake code", response.Exchange.Summary);
        (JObject? body, string? error) = JudgeTokenResponse(response, "fake-code", result);
        if (secret is null && error == "invalid_client")
        {
            result.Warn("No client secret was given, so the fake-code request was refused for client authentication; invalid_grant could not be tested. Give the secret (-ClientSecret, -Credential or SCALEKIT_CLIENT_SECRET).");
            return;
        }

        if (response.StatusCode == 200)
        {
            result.Fail("The token endpoint answered a made-up authorization code with 200: it issues tokens for codes it never issued.");
        }
        else if (response.StatusCode >= 500)
        {
            result.Fail($"The token endpoint answered a made-up authorization code with HTTP {response.StatusCode}: an invalid code must be a 400 invalid_grant, not a server error.");
        }
        else if (response.StatusCode != 400 || error != "invalid_grant")
        {
            result.Fail($"The token endpoint answered a made-up authorization code with HTTP {response.StatusCode} {error ?? "(no error code)"}; expected 400 invalid_grant (RFC 6749 §5.2).");
        }

        _ = body;
    }

    private static async Task ProbeWrongSecretAsync(AuditContext context, Uri tokenEndpoint, string redirectUri, ResultBuilder result, CancellationToken cancellationToken)
    {
        ProbeResponse response = await PostAsync(context, tokenEndpoint, "sk-probe-fake-code-" + Pkce.RandomValue(12), redirectUri, "sk-probe-wrong-secret-" + Pkce.RandomValue(12), Pkce.RandomValue(), cancellationToken).ConfigureAwait(false);
        result.Evidence("Wrong secret", response.Exchange.Summary);
        (_, string? error) = JudgeTokenResponse(response, "wrong-secret", result);
        if (response.StatusCode != 401 || error != "invalid_client")
        {
            result.Fail($"The token endpoint answered a wrong client secret with HTTP {response.StatusCode} {error ?? "(no error code)"}; expected 401 invalid_client.");
        }
    }

    private static async Task ExchangeRealCodeAsync(AuditContext context, AuthorizationServerEndpoints endpoints, CodeExchangeInputs inputs, ResultBuilder result, CancellationToken cancellationToken)
    {
        Uri tokenEndpoint = endpoints.Token;
        AuditConfiguration configuration = context.Configuration;
        context.Redactor.AddSecret(inputs.AuthorizationCode);
        context.Redactor.AddSecret(inputs.CodeVerifier);
        ProbeResponse first = await PostAsync(context, tokenEndpoint, inputs.AuthorizationCode, inputs.RedirectUri, configuration.ClientSecret, inputs.CodeVerifier, cancellationToken).ConfigureAwait(false);
        result.Evidence("Real code", first.Exchange.Summary);
        (JObject? body, string? error) = JudgeTokenResponse(first, "real-code", result);
        foreach (string member in new[] { "access_token", "id_token", "refresh_token" })
        {
            if (body?[member]?.Type == JTokenType.String)
            {
                context.Redactor.AddSecret((string?)body[member]);
            }
        }

        if (first.StatusCode != 200 || body?["access_token"]?.Type != JTokenType.String)
        {
            result.Fail($"The supplied authorization code was not exchanged (HTTP {first.StatusCode} {error ?? "(no error code)"}): it may have expired (codes live about 10 minutes) or been used, or -RedirectUri / -CodeVerifier differ from the login's.");
        }
        else
        {
            result.Evidence("Token response", $"token_type={body["token_type"]}, expires_in={body["expires_in"]}, members: {string.Join(", ", body.Properties().Select(p => p.Name))} (the tokens are not shown)");
            if (body["id_token"]?.Type == JTokenType.String)
            {
                await ValidateIdTokenAsync(context, endpoints.Jwks, (string)body["id_token"]!, inputs.Nonce, result, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result.Warn("The token response has no id_token: request the openid scope so the app can verify who signed in.");
            }
        }

        ProbeResponse second = await PostAsync(context, tokenEndpoint, inputs.AuthorizationCode, inputs.RedirectUri, configuration.ClientSecret, inputs.CodeVerifier, cancellationToken).ConfigureAwait(false);
        result.Evidence("Same code again", second.Exchange.Summary);
        (JObject? again, string? againError) = JudgeTokenResponse(second, "replay", result);
        if (second.StatusCode == 200 && again?["access_token"] is not null)
        {
            context.Redactor.AddSecret((string?)again["access_token"]);
            result.Fail("The same authorization code was exchanged a second time: codes must be single use (RFC 6749 §10.5), or a stolen code stays valuable.");
        }
        else if (second.StatusCode >= 500)
        {
            result.Fail($"A second use of the code answered HTTP {second.StatusCode}: it must be refused with 400 invalid_grant, not a server error.");
        }
        else
        {
            result.Evidence("Second use", $"refused: HTTP {second.StatusCode} {againError ?? string.Empty}".TrimEnd());
        }
    }

    private static async Task ValidateIdTokenAsync(AuditContext context, Uri jwksUri, string idToken, string? nonce, ResultBuilder result, CancellationToken cancellationToken)
    {
        AuditConfiguration configuration = context.Configuration;
        ProbeResponse keys = await context.Probe.SendAsync(ProbeRequest.Get(jwksUri).WithHeader("Accept", "application/json"), cancellationToken).ConfigureAwait(false);
        result.Evidence("JWKS", keys.Exchange.Summary);
        IList<SecurityKey> signingKeys;
        try
        {
            signingKeys = keys.StatusCode == 200 ? new JsonWebKeySet(keys.BodyText).GetSigningKeys() : new List<SecurityKey>();
        }
        catch (ArgumentException ex)
        {
            result.Fail($"The JWKS at {jwksUri} is not a valid key set ({ex.Message}); ID tokens cannot be verified.");
            return;
        }

        if (signingKeys.Count == 0)
        {
            result.Fail($"The JWKS at {jwksUri} (HTTP {keys.StatusCode}) holds no signing key; ID tokens cannot be verified.");
            return;
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = configuration.EnvironmentUrl,
            ValidAudience = configuration.ClientId,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = s_clockSkew,
        };
        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
        try
        {
            handler.ValidateToken(idToken, parameters, out SecurityToken validated);
            var jwt = (JwtSecurityToken)validated;
            result.Evidence("ID token", $"valid: RS256 kid={jwt.Header.Kid}, iss={jwt.Issuer}, aud={string.Join(" ", jwt.Audiences)}, expires {jwt.ValidTo:u}");
            string? tokenNonce = jwt.Payload.Nonce;
            if (nonce is not null && !string.Equals(tokenNonce, nonce, StringComparison.Ordinal))
            {
                result.Fail(tokenNonce is null
                    ? "The ID token carries no nonce although the authorization request sent one: replayed ID tokens cannot be detected."
                    : "The ID token's nonce is not the one the authorization request sent: the token belongs to another login.");
            }
        }
        catch (SecurityTokenException ex)
        {
            result.Fail("The ID token does not validate: " + IdTokenProblem(ex));
        }
        catch (ArgumentException ex)
        {
            result.Fail("The ID token is not a well-formed JWT (" + ex.GetType().Name + ").");
        }
    }

    private static string IdTokenProblem(SecurityTokenException ex) => ex switch
    {
        SecurityTokenInvalidIssuerException => "its iss is not the environment URL (configure the exact issuer, e.g. your custom domain).",
        SecurityTokenInvalidAudienceException => "its aud is not the client id.",
        SecurityTokenExpiredException => "it has expired (check the server clock).",
        SecurityTokenSignatureKeyNotFoundException => "no key in the JWKS matches its kid.",
        SecurityTokenInvalidSignatureException => "its signature does not verify with the JWKS.",
        SecurityTokenInvalidAlgorithmException => "it is not signed with RS256.",
        _ => ex.GetType().Name + ".",
    };

    /// <summary>Judges what every token response shares (JSON, no-store) and returns the body and its error code.</summary>
    private static (JObject? Body, string? Error) JudgeTokenResponse(ProbeResponse response, string label, ResultBuilder result)
    {
        string? cacheControl = response.Header("Cache-Control");
        if (cacheControl is null || cacheControl.IndexOf("no-store", StringComparison.OrdinalIgnoreCase) < 0)
        {
            result.Fail($"The token endpoint's {label} response lacks Cache-Control: no-store (it has '{cacheControl ?? "none"}'): browsers and proxies may store tokens (RFC 6749 §5.1).");
        }

        JObject? body = JsonDocumentReader.TryParse(response.BodyText, out _) as JObject;
        if (body is null || response.MediaType != "application/json")
        {
            result.Fail($"The token endpoint's {label} response (HTTP {response.StatusCode}) is not a JSON object served as application/json: OAuth clients cannot read it.");
        }

        string? error = body?["error"]?.Type == JTokenType.String ? (string?)body["error"] : null;
        return (body, error);
    }

    private static Task<ProbeResponse> PostAsync(AuditContext context, Uri tokenEndpoint, string code, string redirectUri, string? secret, string verifier, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", redirectUri),
            new("code_verifier", verifier),
        };
        string clientId = context.Configuration.ClientId!;
        if (secret is null)
        {
            form.Add(new KeyValuePair<string, string>("client_id", clientId));
        }

        var request = new ProbeRequest(HttpMethod.Post, tokenEndpoint)
        {
            ContentType = "application/x-www-form-urlencoded",
            Body = QueryParameters.Encode(form),
            CarriesCredential = true,
        };
        request.WithHeader("Accept", "application/json");
        if (secret is not null)
        {
            // client_secret_basic (RFC 6749 §2.3.1): every OAuth server must accept it; Scalekit accepts it too.
            string pair = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
            request.WithHeader("Authorization", "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pair)));
        }
        return context.Probe.SendAsync(request, cancellationToken);
    }
}
