using System.Linq;
using System.Threading.Tasks;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using Xunit;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>oidc-provider with the web client's callback registered, for the core auth flow checks.</summary>
public sealed class AuthFlowsOidcProviderFixture : IAsyncLifetime
{
    /// <summary>A registered callback with a host name, so every variant (the upper-cased host too) applies. It is never contacted.</summary>
    public const string RedirectUri = "https://localhost:9443/auth/callback";

    internal OidcProviderPeer Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new OidcProviderOptions { IssuerPath = "/resources/res_auth" };
        options.RedirectUris.Add(RedirectUri);
        Provider = await OidcProviderPeer.StartAsync(options);
    }

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}

/// <summary>
/// SK-AUTH-010 and SK-AUTH-020 against a real, OpenID-certified authorization server (oidc-provider 9.13.3): its
/// redirect URI matching is exact, its codes are single use, and its ID tokens validate against its JWKS.
/// </summary>
public sealed class AuthFlowsOidcProviderTests : IClassFixture<AuthFlowsOidcProviderFixture>
{
    private readonly OidcProviderPeer _provider;

    public AuthFlowsOidcProviderTests(AuthFlowsOidcProviderFixture fixture) => _provider = fixture.Provider;

    private AuditConfiguration Configuration()
    {
        var configuration = new AuditConfiguration
        {
            EnvironmentUrl = _provider.Issuer,
            ClientId = OidcProviderPeer.WebClientId,
            ClientSecret = OidcProviderPeer.WebClientSecret,
        };
        configuration.Network.TrustedCaPath = _provider.CaPath;
        configuration.Network.MaxRequestsPerSecond = 0;
        return configuration;
    }

    [Fact]
    public async Task RedirectUriLiveShowsItRefusesEveryVariantAndAcceptsTheRegisteredUri()
    {
        AuditConfiguration configuration = Configuration();
        configuration.Dashboard.AllowedCallbackUrls.Add(AuthFlowsOidcProviderFixture.RedirectUri);
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Live), configuration);

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal("discovery document", AuthFlowsSupport.Evidence(result, "Endpoints"));
        Assert.Equal(_provider.Issuer + "/auth", AuthFlowsSupport.Evidence(result, "Authorization endpoint"));
        Assert.Contains("(login page; not visited)", AuthFlowsSupport.Evidence(result, "Registered URI"));
        Assert.Equal("8 of 8 variants", AuthFlowsSupport.Evidence(result, "Refused"));
        Assert.All(result.Evidence.Where(e => e.Name.StartsWith("Variant: ")), e => Assert.EndsWith("HTTP 400: refused", e.Value));
        Assert.Equal(10, requests);
    }

    [Fact]
    public async Task RedirectUriLiveIsAnErrorForAUriItDoesNotKnow()
    {
        AuditConfiguration configuration = Configuration();
        configuration.Dashboard.AllowedCallbackUrls.Add("https://localhost:9443/not-registered");
        CheckResult result = (await AuthFlowsSupport.RunCountedAsync(new RedirectUriCheck(RedirectUriProbeMode.Live), configuration)).Results.Single();

        Assert.Equal(CheckStatus.Error, result.Status);
        Assert.Contains("did not accept the registered redirect URI", result.Message);
    }

    [Fact]
    public async Task CodeExchangeSeesInvalidGrantForAFakeCodeAndInvalidClientForAWrongSecret()
    {
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(new CodeExchangeCheck(), Configuration());

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(_provider.TokenEndpoint, AuthFlowsSupport.Evidence(result, "Token endpoint"));
        Assert.Contains("→ 400 application/json", AuthFlowsSupport.Evidence(result, "Fake code"));
        Assert.Contains("→ 401 application/json", AuthFlowsSupport.Evidence(result, "Wrong secret"));
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task CodeExchangeOfADevLoginValidatesTheIdTokenAndTheSecondUseFails()
    {
        OidcDevLoginResult login = await _provider.DevLoginAsync(new OidcDevLoginOptions
        {
            ClientId = OidcProviderPeer.WebClientId,
            ClientSecret = OidcProviderPeer.WebClientSecret,
            RedirectUri = AuthFlowsOidcProviderFixture.RedirectUri,
            Scope = "openid email",
        });
        Assert.NotNull(login.Code);
        AuditConfiguration configuration = Configuration();
        configuration.AllowStateChange = true;
        var check = new CodeExchangeCheck(new CodeExchangeInputs(login.Code!, login.CodeVerifier!, login.RedirectUri, login.Nonce));
        (var results, int requests) = await AuthFlowsSupport.RunCountedAsync(check, configuration);

        CheckResult result = Assert.Single(results);
        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Empty(result.Reasons);
        Assert.StartsWith($"valid: RS256 kid=k1, iss={_provider.Issuer}, aud={OidcProviderPeer.WebClientId}", AuthFlowsSupport.Evidence(result, "ID token"));
        Assert.Equal("refused: HTTP 400 invalid_grant", AuthFlowsSupport.Evidence(result, "Second use"));
        Assert.Equal(6, requests);
        Assert.DoesNotContain(login.Code!, AuthFlowsSupport.Visible(result));
    }
}
