using System;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Audit;

/// <summary>What every check of one run shares: the configuration, the probe client, the redactor, the run id, the clock.</summary>
internal sealed class AuditContext
{
    public AuditContext(AuditConfiguration configuration, ProbeClient probe, Guid runId, Func<DateTimeOffset>? clock = null)
    {
        Configuration = configuration;
        Probe = probe;
        RunId = runId;
        Clock = clock ?? (() => DateTimeOffset.UtcNow);
        probe.Redactor.AddSecret(configuration.ClientSecret);
        probe.Redactor.AddSecret(configuration.Mcp.ClientSecret);
        probe.Redactor.AddSecret(configuration.Mcp.LimitedClientSecret);
        probe.Redactor.AddSecret(configuration.Mcp.ExpiredToken);
        probe.Redactor.AddSecret(configuration.Mcp.AccessToken);
    }

    /// <summary>Gets the MCP access token minted once per run and shared by the MCP checks that need one.</summary>
    public Mcp.McpTokenCache McpTokens { get; } = new();

    public AuditConfiguration Configuration { get; }

    public ProbeClient Probe { get; }

    public Redactor Redactor => Probe.Redactor;

    public Guid RunId { get; }

    public Func<DateTimeOffset> Clock { get; }

    /// <summary>Starts the result of <paramref name="check"/> for one target.</summary>
    public ResultBuilder StartResult(CheckDefinition check, string target) => new(this, check, target);

    /// <summary>Builds a probe client from the configuration's network settings.</summary>
    public static ProbeClient CreateProbe(AuditConfiguration configuration)
    {
        NetworkSettings network = configuration.Network;
        var options = new ProbeClientOptions
        {
            Timeout = TimeSpan.FromSeconds(network.TimeoutSeconds),
            MaxRequestsPerSecond = network.MaxRequestsPerSecond,
            Proxy = network.Proxy is null ? null : new Uri(network.Proxy),
            TrustedCaPath = network.TrustedCaPath,
            SkipCertificateCheck = network.SkipCertificateCheck,
        };
        if (configuration.EnvironmentUrl is not null && Uri.TryCreate(configuration.EnvironmentUrl, UriKind.Absolute, out Uri? environment))
        {
            options.CredentialAuthorities.Add(environment.Authority);
        }

        return new ProbeClient(options, new Redactor());
    }
}
