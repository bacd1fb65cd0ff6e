using System.Management.Automation;
using System.Net;
using System.Security;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// The MCP checks that need a token of their own (SK-MCP-040/060/080): the server, the environment, the MCP M2M client
/// (id and secret, or a PSCredential) and -AllowStateChange, confirmed through ShouldProcess, to mint it.
/// </summary>
public abstract class McpClientCmdletBase : NetworkCmdletBase
{
    private protected const string SecretSet = "Secret";
    private protected const string CredentialSet = "Credential";
    private protected const string TokenSet = "Token";

    /// <summary>Gets or sets the public URL(s) of the MCP server, e.g. https://mcp.example.com/mcp.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("ServerUrl", "McpUrl")]
    [ValidateNotNullOrEmpty]
    public string[] Uri { get; set; } = System.Array.Empty<string>();

    /// <summary>Gets or sets the Scalekit environment URL: the only host that receives the client secret.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string EnvironmentUrl { get; set; } = string.Empty;

    /// <summary>Gets or sets the MCP server's resource id (res_…), expected in the token's audience and issuer.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ResourceId { get; set; }

    /// <summary>Gets or sets the MCP M2M client id (Dashboard › MCP Servers › Clients).</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>Gets or sets the MCP M2M client secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
    [ValidateNotNull]
    public SecureString? ClientSecret { get; set; }

    /// <summary>Gets or sets the MCP M2M client id (user name) and secret (password), e.g. from Get-AutomationPSCredential.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>Gets or sets a value indicating whether the check may mint tokens and open sessions (it is StateChanging).</summary>
    [Parameter]
    public SwitchParameter AllowStateChange { get; set; }

    /// <summary>Gets what the check does that changes state, for ShouldProcess.</summary>
    private protected abstract string StateChange { get; }

    private protected abstract string CheckId { get; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        Check check = CheckCatalog.Find(CheckId)!;
        foreach (string value in Uri)
        {
            var configuration = new AuditConfiguration
            {
                McpServerUrl = RequireHttpUrl(value, nameof(Uri)).OriginalString,
                EnvironmentUrl = RequireHttpUrl(EnvironmentUrl, nameof(EnvironmentUrl)).OriginalString,
            };
            configuration.Mcp.ResourceId = ResourceId;
            configuration.Mcp.ClientId = Credential?.UserName ?? ClientId;
            configuration.Mcp.ClientSecret = Credential is not null ? Credential.GetNetworkCredential().Password
                : ClientSecret is not null ? new NetworkCredential(string.Empty, ClientSecret).Password
                : null;
            configuration.Mcp.ClientSecretSource = Credential is not null ? "parameter -Credential (password)" : "parameter -ClientSecret";
            Configure(configuration);
            ApplyNetworkParameters(configuration);
            configuration.AllowStateChange = AllowStateChange.IsPresent && ShouldProcess(configuration.McpServerUrl, StateChange);
            AuditRunner.Run(this, configuration, new[] { check }, new AuditRunOptions(), showProgress: false);
        }
    }

    /// <summary>Adds the cmdlet's own parameters to the configuration.</summary>
    private protected virtual void Configure(AuditConfiguration configuration)
    {
    }
}
