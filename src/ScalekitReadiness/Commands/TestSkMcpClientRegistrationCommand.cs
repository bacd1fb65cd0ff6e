using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Reports how MCP clients register and, with the opt-in, checks that open dynamic client registration refuses foreign redirect URIs (SK-MCP-021).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpClientRegistration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpClientRegistrationCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(ClientRegistrationCheck.CheckId)!;

    /// <summary>Gets or sets the public URL(s) of the MCP server.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServerUrl", "McpUrl")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets a value indicating whether the check may register throwaway clients at an open registration endpoint.</summary>
    [Parameter]
    public SwitchParameter AllowDynamicRegistrationProbe { get; set; }

    /// <summary>Gets or sets a value indicating whether the check may change state (it registers clients).</summary>
    [Parameter]
    public SwitchParameter AllowStateChange { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (string value in Uri)
        {
            var configuration = new AuditConfiguration
            {
                McpServerUrl = RequireHttpUrl(value, nameof(Uri)).OriginalString,
            };
            configuration.Mcp.AllowDynamicRegistrationProbe = AllowDynamicRegistrationProbe.IsPresent;
            ApplyNetworkParameters(configuration);
            configuration.AllowStateChange = AllowStateChange.IsPresent && AllowDynamicRegistrationProbe.IsPresent
                && ShouldProcess(configuration.McpServerUrl, "Register throwaway clients with foreign redirect URIs at the authorization server's open registration endpoint (SK-MCP-021)");
            AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
        }
    }
}
