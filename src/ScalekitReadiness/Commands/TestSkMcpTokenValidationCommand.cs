using System.Management.Automation;
using System.Net;
using System.Security;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Sends an MCP server forged and misdirected tokens; each must be refused with 401 (SK-MCP-050).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpTokenValidation")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpTokenValidationCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(TokenValidationCheck.CheckId)!;

    /// <summary>Gets or sets the public URL(s) of the MCP server, e.g. https://mcp.example.com/mcp.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServerUrl", "McpUrl")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets the Scalekit environment URL: the forged tokens name it as issuer and use the kid of its JWKS.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvironmentUrl { get; set; }

    /// <summary>Gets or sets the MCP server's resource id (res_…), put in the forged tokens' audience.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResourceId { get; set; }

    /// <summary>Gets or sets a real token issued for ANOTHER resource, to prove the server checks the audience.</summary>
    [Parameter]
    public SecureString? ForeignAudienceToken { get; set; }

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
            configuration.Mcp.ResourceId = ResourceId;
            if (ForeignAudienceToken is not null)
            {
                configuration.Mcp.ForeignAudienceToken = new NetworkCredential(string.Empty, ForeignAudienceToken).Password;
            }

            ApplyNetworkParameters(configuration);
            AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
        }
    }
}
