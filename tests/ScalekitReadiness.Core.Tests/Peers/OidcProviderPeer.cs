using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace ScalekitReadiness.Tests.Peers;

/// <summary>What <see cref="OidcProviderPeer.StartAsync"/> starts oidc-provider with (tests/peers/start-oidc-provider.mjs).</summary>
internal sealed class OidcProviderOptions
{
    /// <summary>Scalekit-shaped issuer path such as <c>/resources/res_123</c>; empty for an issuer at the root.</summary>
    public string IssuerPath { get; set; } = string.Empty;

    /// <summary>Resources (audiences) tokens are issued for; the first is the default. Any loopback URL is accepted too.</summary>
    public IList<string> Resources { get; } = new List<string>();

    /// <summary>The resource servers' scopes (space-separated); null for "mcp:tools mcp:admin".</summary>
    public string? Scopes { get; set; }

    /// <summary>Scope added to an authorization request without one.</summary>
    public string? DefaultScope { get; set; }

    /// <summary>Redirect URIs of web-client and public-client; empty for http://127.0.0.1:9999/callback and http://localhost:9999/callback.</summary>
    public IList<string> RedirectUris { get; } = new List<string>();

    /// <summary>Post-logout redirect URIs of web-client and public-client.</summary>
    public IList<string> PostLogoutRedirectUris { get; } = new List<string>();

    /// <summary>Plain HTTP instead of HTTPS with a test-CA certificate.</summary>
    public bool Http { get; set; }
}

/// <summary>What <see cref="OidcProviderPeer.DevLoginAsync"/> does (tests/peers/oidc-dev-login.mjs).</summary>
internal sealed class OidcDevLoginOptions
{
    public string ClientId { get; set; } = OidcProviderPeer.PublicClientId;

    /// <summary>Set for a confidential client: the code exchange then uses client_secret_basic.</summary>
    public string? ClientSecret { get; set; }

    public string? RedirectUri { get; set; }

    public string? Scope { get; set; }

    public string? Resource { get; set; }

    public string? Prompt { get; set; }

    public string? Login { get; set; }

    public bool NoPkce { get; set; }

    /// <summary>Also redeem the code at the token endpoint.</summary>
    public bool Exchange { get; set; }
}

/// <summary>The result of a scripted devInteractions login: a code (or an error from the authorization server).</summary>
internal sealed record OidcDevLoginResult(
    string? Code, string? CodeVerifier, string? State, string? Nonce, string RedirectUri, string? Iss,
    string? Error, string? ErrorDescription, int? TokenStatus, JsonElement? TokenResponse);

/// <summary>
/// oidc-provider 9.13.3 (panva) started for a test on loopback, as a stand-in for a Scalekit environment, over HTTPS
/// with a certificate from a test CA (<see cref="CaPath"/>) unless <see cref="OidcProviderOptions.Http"/>.
/// Clients: web-client/web-secret (code, refresh_token, client_credentials), public-client (PKCE), m2m-client/m2m-secret
/// (every resource scope), m2m-limited/m2m-limited-secret (only the first resource scope, e.g. mcp:tools).
/// </summary>
internal sealed class OidcProviderPeer : IAsyncDisposable
{
    public const string WebClientId = "web-client";
    public const string WebClientSecret = "web-secret";
    public const string PublicClientId = "public-client";
    public const string M2mClientId = "m2m-client";
    public const string M2mClientSecret = "m2m-secret";
    public const string LimitedClientId = "m2m-limited";
    public const string LimitedClientSecret = "m2m-limited-secret";

    private readonly PeerProcess _process;

    private OidcProviderPeer(PeerProcess process, string? caPath)
    {
        _process = process;
        CaPath = caPath;
        Issuer = process.Ready.GetProperty("Issuer").GetString()!;
        Port = process.Ready.GetProperty("Port").GetInt32();
    }

    /// <summary>The issuer, e.g. https://localhost:41234/resources/res_123 (endpoints are under it).</summary>
    public string Issuer { get; }

    public int Port { get; }

    /// <summary>The test CA's PEM file to trust (TrustedCaPath); null over plain HTTP.</summary>
    public string? CaPath { get; }

    public string DiscoveryUrl => Issuer + "/.well-known/openid-configuration";

    public string TokenEndpoint => Issuer + "/token";

    public static async Task<OidcProviderPeer> StartAsync(OidcProviderOptions? options = null)
    {
        options ??= new OidcProviderOptions();
        var arguments = new List<string> { Path.Combine(PeerProcess.PeersPath, "start-oidc-provider.mjs"), "--ignore-stdin" };
        if (options.IssuerPath.Length > 0)
        {
            arguments.AddRange(["--issuer-path", options.IssuerPath]);
        }

        AddEach(arguments, "--resource", options.Resources);
        AddEach(arguments, "--redirect-uri", options.RedirectUris);
        AddEach(arguments, "--post-logout-redirect-uri", options.PostLogoutRedirectUris);
        if (options.Scopes is not null)
        {
            arguments.AddRange(["--scopes", options.Scopes]);
        }

        if (options.DefaultScope is not null)
        {
            arguments.AddRange(["--default-scope", options.DefaultScope]);
        }

        string? caPath = null;
        if (!options.Http)
        {
            TestDeployment.PeerTlsFiles tls = await PeerProcess.TlsFilesAsync();
            arguments.AddRange(["--tls-cert", tls.CertificatePath, "--tls-key", tls.KeyPath]);
            caPath = tls.CaPath;
        }

        return new OidcProviderPeer(await PeerProcess.StartAsync("node", arguments, PeerProcess.PeersPath), caPath);
    }

    /// <summary>Logs in through devInteractions without a browser and returns the authorization response (and tokens if asked).</summary>
    public async Task<OidcDevLoginResult> DevLoginAsync(OidcDevLoginOptions? options = null)
    {
        options ??= new OidcDevLoginOptions();
        var arguments = new List<string> { Path.Combine(PeerProcess.PeersPath, "oidc-dev-login.mjs"), "--issuer", Issuer, "--client-id", options.ClientId };
        AddOptional(arguments, "--ca", CaPath);
        AddOptional(arguments, "--client-secret", options.ClientSecret);
        AddOptional(arguments, "--redirect-uri", options.RedirectUri);
        AddOptional(arguments, "--scope", options.Scope);
        AddOptional(arguments, "--resource", options.Resource);
        AddOptional(arguments, "--prompt", options.Prompt);
        AddOptional(arguments, "--login", options.Login);
        if (options.NoPkce)
        {
            arguments.Add("--no-pkce");
        }

        if (options.Exchange)
        {
            arguments.Add("--exchange");
        }

        string output = await PeerProcess.RunAsync("node", arguments, PeerProcess.PeersPath);
        JsonElement root = JsonDocument.Parse(output).RootElement.Clone();
        return new OidcDevLoginResult(
            Text(root, "code"), Text(root, "codeVerifier"), Text(root, "state"), Text(root, "nonce"), Text(root, "redirectUri")!,
            Text(root, "iss"), Text(root, "error"), Text(root, "errorDescription"),
            root.TryGetProperty("tokenStatus", out JsonElement status) ? status.GetInt32() : null,
            root.TryGetProperty("tokenResponse", out JsonElement token) ? token : null);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void AddEach(List<string> arguments, string name, IEnumerable<string> values)
    {
        foreach (string value in values)
        {
            arguments.AddRange([name, value]);
        }
    }

    private static void AddOptional(List<string> arguments, string name, string? value)
    {
        if (value is not null)
        {
            arguments.AddRange([name, value]);
        }
    }
}
