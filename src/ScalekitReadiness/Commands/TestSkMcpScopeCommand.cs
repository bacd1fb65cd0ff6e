using System.Collections;
using System.Management.Automation;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that an MCP server enforces the scopes of each tool and resource (SK-MCP-090).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpScope", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpScopeCommand : NetworkCmdletBase
{
    private readonly Check _check = CheckCatalog.Find(ScopeCheck.CheckId)!;

    /// <summary>Gets or sets the public URL of the MCP server.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("ServerUrl", "McpUrl")]
    [ValidateNotNullOrEmpty]
    public string Uri { get; set; } = string.Empty;

    /// <summary>Gets or sets the Scalekit environment URL (its token endpoint mints the tokens).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string EnvironmentUrl { get; set; } = string.Empty;

    /// <summary>Gets or sets each tool and the scopes it requires.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public Hashtable ToolScope { get; set; } = new();

    /// <summary>Gets or sets the tools the check may call, each with its arguments.</summary>
    [Parameter]
    public Hashtable? SafeToInvoke { get; set; }

    /// <summary>Gets or sets each resource URI and the scopes reading it requires.</summary>
    [Parameter]
    public Hashtable? ResourceScope { get; set; }

    /// <summary>Gets or sets the limited MCP client: client id (user name) and secret (password).</summary>
    [Parameter(Mandatory = true)]
    [Credential]
    [ValidateNotNull]
    public PSCredential LimitedCredential { get; set; } = PSCredential.Empty;

    /// <summary>Gets or sets the MCP client with every scope, used to list the tools.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Gets or sets a value indicating whether the check may mint tokens and call the safe tools.</summary>
    [Parameter]
    public SwitchParameter AllowStateChange { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var configuration = new AuditConfiguration
        {
            McpServerUrl = RequireHttpUrl(Uri, nameof(Uri)).OriginalString,
            EnvironmentUrl = RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString,
        };
        McpSettings mcp = configuration.Mcp;
        McpParameterConversion.AddScopes(ToolScope, mcp.ToolScopes);
        McpParameterConversion.AddScopes(ResourceScope, mcp.ResourceScopes);
        McpParameterConversion.AddSafeToInvoke(SafeToInvoke, mcp.SafeToInvoke);
        mcp.LimitedClientId = LimitedCredential.UserName;
        mcp.LimitedClientSecret = LimitedCredential.GetNetworkCredential().Password;
        if (Credential is not null)
        {
            mcp.ClientId = Credential.UserName;
            mcp.ClientSecret = Credential.GetNetworkCredential().Password;
        }

        ApplyNetworkParameters(configuration);
        configuration.AllowStateChange = AllowStateChange.IsPresent
            && ShouldProcess(configuration.McpServerUrl, "Mint client_credentials tokens and call the tools of -SafeToInvoke with a token that lacks their scopes (SK-MCP-090)");
        AuditRunner.Run(this, configuration, new[] { _check }, new AuditRunOptions(), showProgress: false);
    }
}
