using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.Http;
using ScalekitReadiness.TestDeployment;

namespace ScalekitReadiness.Tests;

/// <summary>Runs checks and probes the way the cmdlets do, against a test deployment.</summary>
internal static class TestSupport
{
    public static async Task<Deployment> StartAsync(params string[] faults)
    {
        var options = new DeploymentOptions();
        foreach (string fault in faults)
        {
            options.Faults.Add(fault);
        }

        return await Deployment.StartAsync(options);
    }

    /// <summary>A configuration that trusts the deployment's CA and points at its MCP server and environment.</summary>
    public static AuditConfiguration ConfigurationFor(Deployment deployment)
    {
        var configuration = new AuditConfiguration
        {
            McpServerUrl = deployment.McpUrl,
            EnvironmentUrl = deployment.EnvironmentUrlString,
        };
        configuration.Network.TrustedCaPath = deployment.CaCertificatePemPath;
        configuration.Network.MaxRequestsPerSecond = 0; // loopback: no need to pace
        return configuration;
    }

    /// <summary>The configuration plus the MCP M2M client (the full-scope MCP client), its resource id and state changes allowed.</summary>
    public static AuditConfiguration McpClientConfigurationFor(Deployment deployment)
    {
        AuditConfiguration configuration = ConfigurationFor(deployment);
        configuration.Mcp.ClientId = deployment.McpClientId;
        configuration.Mcp.ClientSecret = deployment.McpClientSecret;
        configuration.Mcp.ResourceId = "res_test123";
        configuration.AllowStateChange = true;
        return configuration;
    }

    /// <summary>The last evidence value named <paramref name="name"/>.</summary>
    public static string Evidence(CheckResult result, string name) =>
        result.Evidence.Last(e => e.Name == name).Value;

    public static async Task<CheckResult> RunSingleAsync(string checkId, AuditConfiguration configuration)
    {
        Check check = CheckCatalog.Find(checkId) ?? throw new InvalidOperationException(checkId + " is not in the catalog");
        using ProbeClient probe = AuditContext.CreateProbe(configuration);
        var context = new AuditContext(configuration, probe, Guid.NewGuid());
        return (await AuditEngine.RunCheckAsync(context, check, CancellationToken.None)).Single();
    }

    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static ProbeClient Probe(Deployment deployment, Action<ProbeClientOptions>? configure = null)
    {
        var options = new ProbeClientOptions { TrustedCaPath = deployment.CaCertificatePemPath, MaxRequestsPerSecond = 0 };
        configure?.Invoke(options);
        return new ProbeClient(options, new Redactor());
    }
}
