using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Text.Json;
using System.Threading.Tasks;
using ScalekitReadiness.Http;
using Xunit;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>One oidc-provider (HTTPS, Scalekit-shaped issuer path) shared by the tests of <see cref="OidcProviderPeerTests"/>.</summary>
public sealed class OidcProviderFixture : IAsyncLifetime
{
    public const string IssuerPath = "/resources/res_peers";
    public const string Resource = "https://localhost:1/mcp";

    internal OidcProviderPeer Provider { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new OidcProviderOptions { IssuerPath = IssuerPath };
        options.Resources.Add(Resource);
        Provider = await OidcProviderPeer.StartAsync(options);
    }

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}

public sealed class OidcProviderPeerTests : IClassFixture<OidcProviderFixture>
{
    private readonly OidcProviderPeer _provider;

    public OidcProviderPeerTests(OidcProviderFixture fixture) => _provider = fixture.Provider;

    [Fact]
    public async Task DiscoveryAnswersOverHttpsAtBothWellKnownForms()
    {
        Assert.StartsWith("https://localhost:", _provider.Issuer);
        Assert.EndsWith(OidcProviderFixture.IssuerPath, _provider.Issuer);
        using ProbeClient probe = PeerHttp.Probe(_provider.CaPath);

        ProbeResponse openid = await PeerHttp.GetAsync(probe, _provider.DiscoveryUrl);
        ProbeResponse rfc8414 = await PeerHttp.GetAsync(
            probe, $"https://localhost:{_provider.Port}/.well-known/oauth-authorization-server{OidcProviderFixture.IssuerPath}");
        ProbeResponse rootForm = await PeerHttp.GetAsync(probe, $"https://localhost:{_provider.Port}/.well-known/openid-configuration");

        foreach (ProbeResponse response in new[] { openid, rfc8414 })
        {
            Assert.Equal(200, response.StatusCode);
            JsonElement metadata = PeerHttp.Json(response);
            Assert.Equal(_provider.Issuer, metadata.GetProperty("issuer").GetString());
            Assert.Equal(_provider.TokenEndpoint, metadata.GetProperty("token_endpoint").GetString());
            Assert.Equal(_provider.Issuer + "/jwks", metadata.GetProperty("jwks_uri").GetString());
        }

        Assert.Equal(404, rootForm.StatusCode);
    }

    [Fact]
    public async Task ClientCredentialsGivesAnRs256AtJwtForTheResource()
    {
        string token = await PeerHttp.ClientCredentialsTokenAsync(_provider, OidcProviderFixture.Resource, "mcp:tools");

        var jwt = new JwtSecurityToken(token);
        Assert.Equal("RS256", jwt.Header.Alg);
        Assert.Equal("at+jwt", jwt.Header.Typ);
        Assert.Equal(_provider.Issuer, jwt.Issuer);
        Assert.Equal(OidcProviderFixture.Resource, Assert.Single(jwt.Audiences));
        Assert.Equal("mcp:tools", jwt.Payload["scope"]);
        Assert.Equal(OidcProviderPeer.M2mClientId, jwt.Subject);
    }

    [Fact]
    public async Task ClientCredentialsWithAWrongSecretIsInvalidClient()
    {
        using ProbeClient probe = PeerHttp.Probe(_provider.CaPath, _provider.Issuer);
        ProbeResponse response = await PeerHttp.PostFormAsync(
            probe, _provider.TokenEndpoint, [new("grant_type", "client_credentials")], OidcProviderPeer.M2mClientId, "not-the-secret");

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("invalid_client", PeerHttp.Json(response).GetProperty("error").GetString());
    }

    [Fact]
    public async Task DevLoginCodeExchangesOnceWithPkce()
    {
        OidcDevLoginResult login = await _provider.DevLoginAsync(new OidcDevLoginOptions { Resource = OidcProviderFixture.Resource });
        Assert.Null(login.Error);
        Assert.NotNull(login.Code);
        Assert.Equal(_provider.Issuer, login.Iss);
        KeyValuePair<string, string>[] exchange =
        [
            new("grant_type", "authorization_code"), new("code", login.Code!), new("redirect_uri", login.RedirectUri),
            new("code_verifier", login.CodeVerifier!), new("client_id", OidcProviderPeer.PublicClientId),
        ];
        using ProbeClient probe = PeerHttp.Probe(_provider.CaPath, _provider.Issuer);

        ProbeResponse first = await PeerHttp.PostFormAsync(probe, _provider.TokenEndpoint, exchange);
        ProbeResponse replay = await PeerHttp.PostFormAsync(probe, _provider.TokenEndpoint, exchange);

        Assert.Equal(200, first.StatusCode);
        var jwt = new JwtSecurityToken(PeerHttp.Json(first).GetProperty("access_token").GetString());
        Assert.Equal("alice", jwt.Subject);
        Assert.Equal(OidcProviderFixture.Resource, Assert.Single(jwt.Audiences));
        Assert.Equal(400, replay.StatusCode);
        Assert.Equal("invalid_grant", PeerHttp.Json(replay).GetProperty("error").GetString());
    }

    [Fact]
    public async Task PublicClientWithoutPkceIsRefused()
    {
        OidcDevLoginResult login = await _provider.DevLoginAsync(new OidcDevLoginOptions { NoPkce = true });

        Assert.Null(login.Code);
        Assert.Equal("invalid_request", login.Error);
        Assert.Contains("PKCE", login.ErrorDescription);
    }

    [Fact]
    public async Task RefreshTokenRotatesAndTheOldOneIsThenInvalid()
    {
        OidcDevLoginResult login = await _provider.DevLoginAsync(new OidcDevLoginOptions
        {
            ClientId = OidcProviderPeer.WebClientId,
            ClientSecret = OidcProviderPeer.WebClientSecret,
            Scope = "openid offline_access mcp:tools",
            Prompt = "consent",
            Resource = OidcProviderFixture.Resource,
            Exchange = true,
        });
        Assert.Equal(200, login.TokenStatus);
        string refresh = login.TokenResponse!.Value.GetProperty("refresh_token").GetString()!;
        using ProbeClient probe = PeerHttp.Probe(_provider.CaPath, _provider.Issuer);
        KeyValuePair<string, string>[] form = [new("grant_type", "refresh_token"), new("refresh_token", refresh)];

        ProbeResponse rotated = await PeerHttp.PostFormAsync(probe, _provider.TokenEndpoint, form, OidcProviderPeer.WebClientId, OidcProviderPeer.WebClientSecret);
        ProbeResponse reused = await PeerHttp.PostFormAsync(probe, _provider.TokenEndpoint, form, OidcProviderPeer.WebClientId, OidcProviderPeer.WebClientSecret);

        Assert.Equal(200, rotated.StatusCode);
        string? next = PeerHttp.Json(rotated).GetProperty("refresh_token").GetString();
        Assert.False(string.IsNullOrEmpty(next));
        Assert.NotEqual(refresh, next);
        Assert.Equal(400, reused.StatusCode);
        Assert.Equal("invalid_grant", PeerHttp.Json(reused).GetProperty("error").GetString());
    }
}
