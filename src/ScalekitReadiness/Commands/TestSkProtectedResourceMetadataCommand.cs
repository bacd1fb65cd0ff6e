using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks the protected resource metadata (RFC 9728) of an MCP server (SK-MCP-010).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkProtectedResourceMetadata")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkProtectedResourceMetadataCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(ProtectedResourceMetadataCheck.CheckId)!;

    /// <summary>Gets or sets the public URL(s) of the MCP server, e.g. https://mcp.example.com/mcp.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServerUrl", "McpUrl")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets the Scalekit environment URL; the authorization servers in the metadata must be on its host.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (string value in Uri)
        {
            var configuration = new AuditConfiguration
            {
                McpServerUrl = RequireHttpUrl(value, nameof(Uri)).OriginalString,
                EnvironmentUrl = EnvironmentUrl is null ? null : RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString,
            };
            ApplyNetworkParameters(configuration);
            AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
        }
    }
}
