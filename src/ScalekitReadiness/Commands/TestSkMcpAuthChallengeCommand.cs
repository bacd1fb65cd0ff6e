using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that an MCP server refuses requests without a token with 401 and a Bearer challenge pointing at its metadata (SK-MCP-001).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpAuthChallenge")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpAuthChallengeCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(McpAuthChallengeCheck.CheckId)!;

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
