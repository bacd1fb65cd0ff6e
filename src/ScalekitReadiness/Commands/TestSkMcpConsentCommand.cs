using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that an MCP client's authorization request reaches a consent screen that is https, on the environment's domain and unframeable (SK-MCP-030).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpConsent")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpConsentCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(ConsentCheck.CheckId)!;

    /// <summary>Gets or sets the public URL(s) of the MCP server.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServerUrl", "McpUrl")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets the MCP client's id, or the URL of its client ID metadata document.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Gets or sets the Scalekit environment URL: the consent page should be on its host.</summary>
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
            McpParameterConversion.SetClient(ClientId, configuration.Mcp);

            ApplyNetworkParameters(configuration);
            AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
        }
    }
}
