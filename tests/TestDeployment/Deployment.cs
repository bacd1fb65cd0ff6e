using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// A fake production deployment on loopback, over TLS from a throwaway CA: a Scalekit-like environment
/// (authorization server), an MCP server, a plain-HTTP listener, a foreign host and a probe-client laboratory.
/// Named <see cref="Faults"/> break one rule each.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    /// <summary>How long stopping may wait for requests still in flight before they are aborted.</summary>
    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(2);

    private static readonly IPAddress s_foreignAddress = IPAddress.Parse("127.0.0.2");

    private readonly WebApplication _app;
    private readonly DeploymentState _state;
    private readonly TestCertificates _certificates;
    private readonly DirectoryInfo _temporaryDirectory;
    private int _disposed;

    private Deployment(WebApplication app, DeploymentState state, TestCertificates certificates, DirectoryInfo temporaryDirectory, string caCertificatePemPath)
    {
        _app = app;
        _state = state;
        _certificates = certificates;
        _temporaryDirectory = temporaryDirectory;
        CaCertificatePemPath = caCertificatePemPath;
        EnvironmentUrl = new Uri(state.Urls.EnvironmentUrl);
    }

    /// <summary>Every fault name <see cref="StartAsync"/> accepts.</summary>
    public static IReadOnlyCollection<string> KnownFaults => Faults.All;

    /// <summary>The active faults, by their canonical names, sorted.</summary>
    public IReadOnlyCollection<string> ActiveFaults => _state.Faults.Order(StringComparer.Ordinal).ToArray();

    /// <summary>The environment (authorization server) base URL, https://localhost:&lt;port&gt;.</summary>
    public Uri EnvironmentUrl { get; }

    /// <summary>The environment base URL as a string without a trailing slash, as it appears in issuers.</summary>
    public string EnvironmentUrlString => _state.Urls.EnvironmentUrl;

    /// <summary>The MCP endpoint, https://127.0.0.1:&lt;port&gt;/mcp.</summary>
    public string McpUrl => _state.Urls.McpUrl;

    /// <summary>The app listener's base URL, https://127.0.0.1:&lt;port&gt;.</summary>
    public string AppBaseUrl => _state.Urls.AppBaseUrl;

    /// <summary>The plain-HTTP listener's base URL, http://127.0.0.1:&lt;port&gt;.</summary>
    public string HttpAppBaseUrl => _state.Urls.HttpAppBaseUrl;

    /// <summary>The foreign host's base URL, https://127.0.0.2:&lt;port&gt;.</summary>
    public string ForeignBaseUrl => _state.Urls.ForeignBaseUrl;

    /// <summary>The probe-client laboratory's base URL, https://127.0.0.1:&lt;port&gt;.</summary>
    public string LabBaseUrl => _state.Urls.LabBaseUrl;

    /// <summary>A PEM file holding the test CA certificate (no key); deleted when the deployment is disposed.</summary>
    public string CaCertificatePemPath { get; }

    /// <summary>The test CA certificate as PEM.</summary>
    public string CaCertificatePem => _certificates.AuthorityPem;

    /// <summary>What the foreign host received so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> ForeignRequests => _state.ForeignRequests.Snapshot();

    /// <summary>What the laboratory received so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> LabRequests => _state.LabRequests.Snapshot();

    /// <summary>The environment's API client id, accepted by its token endpoint.</summary>
    public string ClientId => _state.ClientId;

    /// <summary>The environment's API client secret (this fixture's own, fresh per deployment).</summary>
    public string ClientSecret => _state.ClientSecret;

    /// <summary>The MCP server's resource id (res_…), the audience its tokens carry.</summary>
    public string ResourceId => _state.ResourceId;

    /// <summary>The resource-scoped issuer, &lt;env&gt;/resources/&lt;res&gt; (the PRM's authorization server).</summary>
    public string ResourceIssuer => _state.ResourceIssuer;

    /// <summary>The MCP client with every scope (todo:read todo:write): client_credentials with resource=<see cref="McpUrl"/>.</summary>
    public string McpClientId => _state.Mcp.Clients.Full.ClientId;

    /// <summary>The full MCP client's secret (this fixture's own, fresh per deployment).</summary>
    public string McpClientSecret => _state.Mcp.Clients.Full.ClientSecret;

    /// <summary>The limited MCP client (todo:read only).</summary>
    public string LimitedMcpClientId => _state.Mcp.Clients.Limited.ClientId;

    /// <summary>The limited MCP client's secret.</summary>
    public string LimitedMcpClientSecret => _state.Mcp.Clients.Limited.ClientSecret;

    /// <summary>The environment's other MCP server: a token minted with resource=this URL has the wrong audience here.</summary>
    public string OtherMcpUrl => _state.Urls.AppBaseUrl + McpServerState.OtherResourcePath;

    /// <summary>The app's bring-your-own-auth login endpoint (used under <see cref="Faults.McpCustomAuth"/>).</summary>
    public string CustomLoginUrl => _state.Urls.AppBaseUrl + CustomLoginEndpoint.Path;

    /// <summary>Every tools/call and resources/read the MCP server received with a valid token, oldest first.</summary>
    public IReadOnlyList<McpCall> McpCalls => _state.Mcp.Calls();

    /// <summary>What the MCP server made of each request's token, oldest first: Missing, Valid, Expired or Invalid.</summary>
    public IReadOnlyList<string> McpAuthentications => _state.Mcp.Authentications();

    /// <summary>How many access tokens the environment issued to the MCP clients (the full and the limited one).</summary>
    public int McpTokensIssued => _state.Mcp.TokensIssued;

    /// <summary>
    /// Signs <paramref name="claims"/> as an RS256 JWT with the environment's key and key id, for tests that need a
    /// token with a valid signature and bad claims (expired, another issuer); the MCP tokens come from /oauth/token.
    /// </summary>
    public string SignWithEnvironmentKey(System.Text.Json.Nodes.JsonObject claims) => TokenEndpoint.Sign(_state.SigningKey, claims);

    /// <summary>The environment's public signing key as PEM (SubjectPublicKeyInfo), as anyone can rebuild it from /keys.</summary>
    public string EnvironmentPublicKeyPem => _state.SigningKey.Rsa.ExportSubjectPublicKeyInfoPem();

    /// <summary>The environment's signing key id (kid), as published at /keys.</summary>
    public string EnvironmentKeyId => _state.SigningKey.KeyId;

    /// <summary>The app's login URL, https://127.0.0.1:&lt;port&gt;/login: redirects to the environment's /oauth/authorize.</summary>
    public string LoginUrl => _state.Urls.AppBaseUrl + AppLogin.LoginPath;

    /// <summary>The app's callback URL, which is also the redirect URI /login sends (registered for <see cref="ClientId"/>).</summary>
    public string CallbackUrl => _state.Urls.AppBaseUrl + AppLogin.CallbackPath;

    /// <summary>The redirect URIs registered for <see cref="ClientId"/>, the web app's client: <see cref="CallbackUrl"/> and its https://localhost twin.</summary>
    public IReadOnlyList<string> RegisteredRedirectUris => AuthorizeEndpoint.RegisteredRedirectUris(_state);

    /// <summary>The environment's authorization endpoint; the test user is always signed in, so a valid request redirects at once with a code.</summary>
    public string AuthorizeUrl => _state.Urls.EnvironmentUrl + AuthorizeEndpoint.Path;

    /// <summary>The subject (sub) of the test user every code is issued for.</summary>
    public string TestUserSubject => AuthorizeEndpoint.TestUserSubject;

    /// <summary>The app's Scalekit webhook receiver, https://127.0.0.1:&lt;port&gt;/webhooks/scalekit.</summary>
    public string WebhookUrl => _state.Urls.AppBaseUrl + WebhookReceiver.Path;

    /// <summary>The webhook receiver's Standard-Webhooks signing secret (whsec_…, fresh per deployment).</summary>
    public string WebhookSecret => _state.Monitoring.WebhookSecret;

    /// <summary>The end (exclusive, a UTC midnight) of the seeded month of auth-log entries.</summary>
    public DateTimeOffset AuthLogEnd => _state.Monitoring.LogEnd;

    /// <summary>The environment's token signing key (its public half is at /keys).</summary>
    internal SigningKey SigningKey => _state.SigningKey;

    /// <summary>Starts a deployment on ephemeral loopback ports.</summary>
    /// <exception cref="ArgumentException">A fault name is not one of <see cref="KnownFaults"/>, or the resource id is unusable.</exception>
    public static async Task<Deployment> StartAsync(DeploymentOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DeploymentOptions();
        IReadOnlySet<string> faults = CanonicalFaults(options.Faults);
        ValidateResourceId(options.ResourceId);

        ProcessKeys keys = await ProcessKeys.GetAsync().WaitAsync(ct);
        var state = new DeploymentState(faults, options.ResourceId, new SigningKey(keys.CreateSigningKey()));
        state.Monitoring.TokenLatency = options.TokenLatency;
        TestCertificates? certificates = null;
        DirectoryInfo? temporaryDirectory = null;
        WebApplication? app = null;
        try
        {
            using (RSA authorityKey = keys.CreateAuthorityKey())
            using (RSA serverKey = keys.CreateServerKey())
            {
                // The server certificate gets its own copy of the key (see TestCertificates.Create).
                certificates = TestCertificates.Create(authorityKey, serverKey, DateTimeOffset.UtcNow);
            }

            temporaryDirectory = TemporaryDirectories.Create();
            string caPath = Path.Combine(temporaryDirectory.FullName, "ca.pem");
            await File.WriteAllTextAsync(caPath, certificates.AuthorityPem, ct);

            var environment = new Listener(IPAddress.Loopback, https: true, new RouteTable());
            var appListener = new Listener(IPAddress.Loopback, https: true, new RouteTable()) { Transport = TransportPolicy.ForApp(state, certificates) };
            var foreign = new Listener(s_foreignAddress, https: true, new RouteTable(), state.ForeignRequests);
            var lab = new Listener(IPAddress.Loopback, https: true, new RouteTable(), state.LabRequests);
            EnvironmentEndpoints.Map(environment.Routes, state);
            McpEndpoints.Map(appListener.Routes, state);
            AppEndpoints.Map(appListener.Routes, state);
            ForeignEndpoints.Map(foreign.Routes);
            McpAuthorizationServer.MapForeign(foreign.Routes, state);
            LabEndpoints.Map(lab.Routes, state);
            var plainHttp = new Listener(IPAddress.Loopback, https: false, PlainHttpEndpoints.CreateRoutes(state, appListener.Routes));
            Listener[] listeners = [environment, appListener, plainHttp, foreign, lab];

            app = BuildApplication(listeners, certificates);
            app.Run(context => DispatchAsync(listeners, context));
            await app.StartAsync(ct);

            state.Urls = new DeploymentUrls(environment.Port, appListener.Port, plainHttp.Port, foreign.Port, lab.Port);
            return new Deployment(app, state, certificates, temporaryDirectory, caPath);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            certificates?.Dispose();
            TemporaryDirectories.TryDelete(temporaryDirectory);
            state.Dispose();
            throw;
        }
    }

    /// <summary>Stops every listener and deletes the CA PEM file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _state.SignalStopping();
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            _certificates.Dispose();
            _state.Dispose();
            TemporaryDirectories.TryDelete(_temporaryDirectory);
        }
    }

    private static WebApplication BuildApplication(Listener[] listeners, TestCertificates certificates)
    {
        // The empty builder reads no configuration files or environment variables, so nothing on the machine
        // (appsettings.json, ASPNETCORE_URLS, ...) can change the listeners, and it starts faster than the others.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Deployment).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (Listener listener in listeners)
            {
                kestrel.Listen(listener.Address, 0, listenOptions => listener.Attach(listenOptions, certificates.Server));
            }
        });

        // Warnings and errors only, and on stderr: the standalone program's stdout carries its one JSON line.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = s_shutdownTimeout);

        return builder.Build();
    }

    private static Task DispatchAsync(Listener[] listeners, HttpContext context)
    {
        foreach (Listener listener in listeners)
        {
            if (listener.Accepts(context.Connection))
            {
                return listener.HandleAsync(context);
            }
        }

        // Only reachable if a connection arrives on an endpoint no listener claims, which Kestrel does not do.
        context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        return Task.CompletedTask;
    }

    private static IReadOnlySet<string> CanonicalFaults(IEnumerable<string> requested)
    {
        var known = new HashSet<string>(KnownFaults, StringComparer.OrdinalIgnoreCase);
        var active = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string fault in requested)
        {
            if (!known.TryGetValue(fault, out string? canonical))
            {
                throw new ArgumentException(
                    $"Unknown fault '{fault}'. Known faults: {string.Join(", ", KnownFaults)}.", nameof(DeploymentOptions.Faults));
            }

            active.Add(canonical);
        }

        return active;
    }

    private static void ValidateResourceId(string resourceId)
    {
        // The id becomes a URL path segment; keep it to the characters Scalekit ids use.
        if (string.IsNullOrEmpty(resourceId) || !resourceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException(
                $"Resource id '{resourceId}' must be non-empty and contain only ASCII letters, digits, '_' and '-'.",
                nameof(DeploymentOptions.ResourceId));
        }
    }
}
