using System;
using System.Collections.Generic;

namespace ScalekitReadiness.Configuration;

/// <summary>The validated configuration of one audit (ARCHITECTURE.md "Configuration"). Secrets are never held here.</summary>
internal sealed class AuditConfiguration
{
    /// <summary>Gets or sets a name for the deployment (defaults to the file name).</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the Scalekit environment URL, exactly as configured.</summary>
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the environment API client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the NAME of the environment variable that holds the client secret (never the secret).</summary>
    public string? ClientSecretEnv { get; set; }

    /// <summary>Gets or sets the client secret itself, resolved at run time; never serialised, printed or recorded.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets where <see cref="EnvironmentUrl"/> came from (for evidence).</summary>
    public string? EnvironmentUrlSource { get; set; }

    /// <summary>Gets or sets where <see cref="ClientId"/> came from (for evidence).</summary>
    public string? ClientIdSource { get; set; }

    /// <summary>Gets or sets where <see cref="ClientSecret"/> came from (for evidence; never the value).</summary>
    public string? ClientSecretSource { get; set; }

    /// <summary>Gets the web application's URLs.</summary>
    public AppSettings App { get; } = new();

    /// <summary>Gets or sets the source tree scanned for committed credentials (<c>Source.Path</c>), resolved to a full path.</summary>
    public string? SourcePath { get; set; }

    /// <summary>Gets the .gitignore-style patterns the secret scan skips besides .skreadinessignore (<c>Source.Exclude</c>).</summary>
    public IList<string> SourceExclude { get; } = new List<string>();

    /// <summary>Gets or sets a value indicating whether the secret scan also reads git history (<c>Source.IncludeHistory</c>).</summary>
    public bool SourceIncludeHistory { get; set; }

    /// <summary>Gets the policy thresholds.</summary>
    public PolicySettings Policy { get; } = new();

    /// <summary>Gets or sets the public URL of the MCP server.</summary>
    public string? McpServerUrl { get; set; }

    /// <summary>Gets the rest of the MCP server's settings (config key <c>Mcp</c>).</summary>
    public McpSettings Mcp { get; } = new();

    /// <summary>Gets what the Scalekit dashboard is configured with (config key <c>Dashboard</c>).</summary>
    public DashboardSettings Dashboard { get; } = new();

    /// <summary>Gets the monitoring settings (config key <c>Monitoring</c>).</summary>
    public MonitoringSettings Monitoring { get; } = new();

    /// <summary>Gets the attestations (config key <c>Attestations</c>), applied by the engine to Manual results.</summary>
    public IList<AttestationEntry> Attestations { get; } = new List<AttestationEntry>();

    /// <summary>Gets the exceptions (config key <c>Exceptions</c>), applied by the engine to Failed and Warning results.</summary>
    public IList<ExceptionEntry> Exceptions { get; } = new List<ExceptionEntry>();

    /// <summary>Gets the network settings.</summary>
    public NetworkSettings Network { get; } = new();

    /// <summary>Gets or sets a value indicating whether StateChanging checks may run.</summary>
    public bool AllowStateChange { get; set; }

    /// <summary>Gets the per-check severity overrides.</summary>
    public IDictionary<string, Severity> SeverityOverrides { get; } = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Network settings (config key <c>Network</c>, plus <c>Safety.MaxRequestsPerSecond</c>).</summary>
internal sealed class NetworkSettings
{
    public double TimeoutSeconds { get; set; } = 10;

    public string? Proxy { get; set; }

    /// <summary>Gets or sets the PEM file of extra trusted CAs, already resolved to a full path.</summary>
    public string? TrustedCaPath { get; set; }

    public bool SkipCertificateCheck { get; set; }

    public double MaxRequestsPerSecond { get; set; } = 5;
}

/// <summary>The web application (config key <c>App</c>).</summary>
internal sealed class AppSettings
{
    public string? BaseUrl { get; set; }

    public string? LoginUrl { get; set; }

    public string? CallbackUrl { get; set; }

    public string? LogoutUrl { get; set; }

    public string? ProtectedApiUrl { get; set; }

    public IList<string> RedirectUris { get; } = new List<string>();

    public IList<string> AllowedOrigins { get; } = new List<string>();
}

/// <summary>Policy thresholds (config key <c>Policy</c>); the defaults are the catalog's.</summary>
internal sealed class PolicySettings
{
    public long MaxAccessTokenLifetimeSeconds { get; set; } = 3600;

    public long MinHstsMaxAgeSeconds { get; set; } = 15552000;

    public int CertificateExpiryWarningDays { get; set; } = 30;

    public int CertificateExpiryFailDays { get; set; } = 7;

    /// <summary>Gets or sets the age in days after which an attestation no longer makes a check Attested.</summary>
    public int AttestationMaxAgeDays { get; set; } = 180;

    public int MinLogRetentionDays { get; set; } = 90;

    public int LogActivityWindowDays { get; set; } = 7;
}

/// <summary>The MCP server's settings beyond its URL (config key <c>Mcp</c>). Secrets are held only by variable NAME.</summary>
internal sealed class McpSettings
{
    public string? ResourceId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecretEnv { get; set; }

    /// <summary>Gets or sets the MCP client's secret, resolved at run time from <see cref="ClientSecretEnv"/> or a parameter; never serialised, printed or recorded.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Gets or sets where <see cref="ClientSecret"/> came from (for evidence; never the value).</summary>
    public string? ClientSecretSource { get; set; }

    public string? LimitedClientId { get; set; }

    public string? LimitedClientSecretEnv { get; set; }

    /// <summary>Gets or sets an access token for the MCP server given at run time (used instead of minting one); never recorded.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Gets or sets an expired access token for the MCP server (SK-MCP-080), given at run time; never recorded.</summary>
    public string? ExpiredToken { get; set; }

    /// <summary>Gets or sets the limited client's secret, resolved at run time from <see cref="LimitedClientSecretEnv"/>; never recorded.</summary>
    public string? LimitedClientSecret { get; set; }

    /// <summary>Gets each tool and the scopes it requires.</summary>
    public IDictionary<string, IList<string>> ToolScopes { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>Gets each resource URI and the scopes reading it requires.</summary>
    public IDictionary<string, IList<string>> ResourceScopes { get; } = new Dictionary<string, IList<string>>(StringComparer.Ordinal);

    /// <summary>Gets the tools the audit may invoke, each with its arguments as JSON object text.</summary>
    public IDictionary<string, string> SafeToInvoke { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? CustomLoginUrl { get; set; }

    public string? ClientIdMetadataUrl { get; set; }

    public bool AllowDynamicRegistrationProbe { get; set; }

    public string? ForeignAudienceTokenEnv { get; set; }

    /// <summary>Gets or sets the foreign-audience token given as a parameter (never read from the file).</summary>
    public string? ForeignAudienceToken { get; set; }
}

/// <summary>What the Scalekit dashboard is configured with (config key <c>Dashboard</c>).</summary>
internal sealed class DashboardSettings
{
    public IList<string> AllowedCallbackUrls { get; } = new List<string>();

    public IList<string> PostLogoutUrls { get; } = new List<string>();
}

/// <summary>Monitoring and incident readiness (config key <c>Monitoring</c>); paths are resolved to full paths.</summary>
internal sealed class MonitoringSettings
{
    public string? RunbookPath { get; set; }

    public string? AlertRunbook { get; set; }

    public string? WebhookUrl { get; set; }

    public string? WebhookSecretEnv { get; set; }
}
