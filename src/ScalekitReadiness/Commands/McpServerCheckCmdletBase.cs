using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// A cmdlet that runs one passive MCP check against each MCP server URL given (-Uri, pipeline), with nothing but the
/// network parameters: Test-SkMcpAuthChallenge and Test-SkAuthorizationServerMetadata.
/// </summary>
public abstract class McpServerCheckCmdletBase : NetworkCmdletBase
{
    private readonly Check _check;

    private protected McpServerCheckCmdletBase(string checkId)
    {
        _check = CheckCatalog.Find(checkId)!;
    }

    /// <summary>Gets or sets the public URL(s) of the MCP server, e.g. https://mcp.example.com/mcp.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServerUrl", "McpUrl")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = System.Array.Empty<string>();

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (string value in Uri)
        {
            var configuration = new AuditConfiguration { McpServerUrl = RequireHttpUrl(value, nameof(Uri)).OriginalString };
            ApplyNetworkParameters(configuration);
            AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
        }
    }
}
