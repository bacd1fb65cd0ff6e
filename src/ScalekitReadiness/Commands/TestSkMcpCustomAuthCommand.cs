using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks a bring-your-own-auth login endpoint: https, refuses made-up login requests, returns the state unchanged (SK-MCP-070).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpCustomAuth")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpCustomAuthCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(CustomAuthCheck.CheckId)!;

    /// <summary>Gets or sets the URL of the custom login endpoint Scalekit hands logins to.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("LoginUrl", "CustomLoginUrl")]
    [ValidateNotNullOrEmpty]
    public string Uri { get; set; } = string.Empty;

    /// <summary>Gets or sets the public URL of the MCP server whose logins go to the endpoint.</summary>
    [Parameter]
    [Alias("ServerUrl")]
    [ValidateNotNullOrEmpty]
    public string? McpUrl { get; set; }

    /// <summary>Gets or sets the MCP client's id, or the URL of its client ID metadata document.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var configuration = new AuditConfiguration
        {
            McpServerUrl = McpUrl is null ? null : RequireHttpUrl(McpUrl, nameof(McpUrl)).OriginalString,
        };
        configuration.Mcp.CustomLoginUrl = RequireHttpUrl(Uri, nameof(Uri)).OriginalString;
        if (ClientId is not null)
        {
            McpParameterConversion.SetClient(ClientId, configuration.Mcp);
        }

        ApplyNetworkParameters(configuration);
        AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
    }
}
