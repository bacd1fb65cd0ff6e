using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using ScalekitReadiness.Auth;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Tests.AuthFlows2;
using Xunit;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>oidc-provider at the root of its host, as a stand-in for a Scalekit environment.</summary>
public sealed class AuthFlows2OidcProviderFixture : IAsyncLifetime
{
    internal OidcProviderPeer Provider { get; private set; } = null!;

    public async Task InitializeAsync() => Provider = await OidcProviderPeer.StartAsync(new OidcProviderOptions());

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}

/// <summary>
/// SK-AUTH-050, SK-AUTH-051 and SK-AUTH-060 against a real, OpenID-certified authorization server (oidc-provider
/// 9.13.3): its RS256 at+jwt access tokens from a real login, its JWKS, and its refresh-token rotation.
/// </summary>
public sealed class AuthFlows2OidcProviderTests : IClassFixture<AuthFlows2OidcProviderFixture>
{
    private readonly OidcProviderPeer _provider;

    public AuthFlows2OidcProviderTests(AuthFlows2OidcProviderFixture fixture) => _provider = fixture.Provider;

    [Fact]
    public async Task ARealAtJwtAccessTokenFitsTheLifetimePolicyAndItsExpiresIn()
    {
        (string accessToken, _, long expiresIn) = await LoginAsync();
        var inputs = new AuthInputs();
        inputs.AccessTokens.Add(accessToken);
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(inputs), Configuration(), accessToken));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(expiresIn + " s; policy 3600 s", AuthFlows2Support.Evidence(result, "Lifetime (exp - iat)"));
        Assert.Contains("typ=at+jwt", AuthFlows2Support.Evidence(result, "Token"));
        Assert.Equal("scope (string): mcp:tools", AuthFlows2Support.Evidence(result, "Scope claim"));
    }

    [Fact]
    public async Task ARealAtJwtAccessTokenLongerThanAStrictPolicyFails()
    {
        (string accessToken, _, long expiresIn) = await LoginAsync();
        var inputs = new AuthInputs();
        inputs.AccessTokens.Add(accessToken);
        AuditConfiguration configuration = Configuration();
        configuration.Policy.MaxAccessTokenLifetimeSeconds = 300;
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenLifetimeCheck(inputs), configuration, accessToken));

        Assert.Equal(CheckStatus.Failed, result.Status);
        Assert.Contains($"lives {expiresIn} s (exp − iat), above the policy's 300 s", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task ARealAtJwtVerifiesAgainstTheProvidersJwks()
    {
        (string accessToken, _, _) = await LoginAsync();
        var inputs = new AuthInputs();
        inputs.AccessTokens.Add(accessToken);
        IReadOnlyList<CheckResult> results = await AuthFlows2Support.RunAsync(new TokenSignatureCheck(inputs), Configuration(), accessToken);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.StartsWith("kid=k1 kty=RSA use=sig alg=RS256 bits=2048", AuthFlows2Support.Evidence(results[0], "Keys"));
        Assert.Equal("environment URL form: " + _provider.Issuer, AuthFlows2Support.Evidence(results[1], "Issuer form"));
    }

    [Fact]
    public async Task ItsRealRefreshTokenRotationPasses()
    {
        (_, string refreshToken, _) = await LoginAsync();
        AuditConfiguration configuration = Configuration();
        configuration.AllowStateChange = true;
        CheckResult result = Assert.Single(await AuthFlows2Support.RunAsync(new TokenRefreshCheck(new AuthInputs { RefreshToken = refreshToken }), configuration, refreshToken));

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(_provider.TokenEndpoint, result.Target);
        Assert.StartsWith("access_token present, refresh_token new", AuthFlows2Support.Evidence(result, "Refresh answer"));
        Assert.Contains("HTTP 400 invalid_grant", AuthFlows2Support.Evidence(result, "Replay of the spent refresh token"));
    }

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

    /// <summary>A real devInteractions login of the web client with offline_access, its code redeemed: the access and refresh tokens.</summary>
    private async Task<(string AccessToken, string RefreshToken, long ExpiresIn)> LoginAsync()
    {
        OidcDevLoginResult login = await _provider.DevLoginAsync(new OidcDevLoginOptions
        {
            ClientId = OidcProviderPeer.WebClientId,
            ClientSecret = OidcProviderPeer.WebClientSecret,
            Scope = "openid offline_access mcp:tools",
            Prompt = "consent",
            Resource = "https://127.0.0.1:9443/mcp",
            Exchange = true,
        });
        Assert.Equal(200, login.TokenStatus);
        JsonElement tokens = login.TokenResponse!.Value;
        return (tokens.GetProperty("access_token").GetString()!, tokens.GetProperty("refresh_token").GetString()!, tokens.GetProperty("expires_in").GetInt64());
    }
}
