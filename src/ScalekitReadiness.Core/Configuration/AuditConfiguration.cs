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

    /// <summary>Gets the policy thresholds.</summary>
    public PolicySettings Policy { get; } = new();

    /// <summary>Gets or sets the public URL of the MCP server.</summary>
    public string? McpServerUrl { get; set; }

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
}
