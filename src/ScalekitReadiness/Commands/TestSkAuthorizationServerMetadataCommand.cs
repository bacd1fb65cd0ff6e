using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Finds the authorization server metadata an MCP client would use (all four discovery URL forms) and judges it (SK-MCP-020).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkAuthorizationServerMetadata")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkAuthorizationServerMetadataCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(AuthorizationServerMetadataCheck.CheckId)!;

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
