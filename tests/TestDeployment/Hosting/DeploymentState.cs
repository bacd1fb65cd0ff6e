using System;
using System.Collections.Generic;
using System.Threading;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// Everything the request handlers share: the active faults, the resource, the keys, the URLs and the request logs.
/// Handlers read it per request, so the URLs (known only after binding) are always available to them.
/// </summary>
internal sealed class DeploymentState : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private DeploymentUrls? _urls;

    public DeploymentState(IReadOnlySet<string> faults, string resourceId, SigningKey signingKey)
    {
        Faults = faults;
        ResourceId = resourceId;
        SigningKey = signingKey;
        Monitoring = new MonitoringState(faults.Contains(TestDeployment.Faults.AuthLogStale), resourceId);
    }

    /// <summary>The auth log, the webhook secret and the token latency knob (SK-MON, metrics).</summary>
    public MonitoringState Monitoring { get; }

    /// <summary>The active faults (canonical names, compared case-insensitively).</summary>
    public IReadOnlySet<string> Faults { get; }

    public string ResourceId { get; }

    /// <summary>The environment's API client id (client_credentials), shaped like Scalekit's.</summary>
    public string ClientId { get; } = "skc_58327482062864390";

    /// <summary>The environment's API client secret, fresh for every deployment (a test fixture's own secret).</summary>
    public string ClientSecret { get; } = "test_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>The environment's token signing key, published in its JWKS.</summary>
    public SigningKey SigningKey { get; }

    /// <summary>The environment's outstanding authorization codes.</summary>
    public AuthorizationCodes AuthorizationCodes { get; } = new();

    /// <summary>The environment's live refresh tokens.</summary>
    public RefreshTokens RefreshTokens { get; } = new();

    /// <summary>The web app's logins in progress and sessions.</summary>
    public Sessions Sessions { get; } = new();

    public RequestLog ForeignRequests { get; } = new();

    /// <summary>The MCP server's clients, sessions and call log.</summary>
    public McpServerState Mcp { get; } = new();

    public RequestLog LabRequests { get; } = new();

    /// <summary>Cancelled when the deployment starts to stop, so long-running handlers end at once.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public DeploymentUrls Urls
    {
        get => _urls ?? throw new InvalidOperationException("The deployment's listeners are not bound yet.");
        set => _urls = value;
    }

    /// <summary>The issuer of the resource-scoped authorization server, e.g. https://localhost:1234/resources/res_test123.</summary>
    public string ResourceIssuer => Urls.EnvironmentUrl + "/resources/" + ResourceId;

    public bool Has(string fault) => Faults.Contains(fault);

    public void SignalStopping() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        SigningKey.Dispose();
    }
}
