using System.Management.Automation;
using System.Net;
using System.Security;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that an expired token gets 401 invalid_token with the metadata URL and that a fresh token reconnects (SK-MCP-080).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpReconnect", DefaultParameterSetName = "Secret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpReconnectCommand : McpClientCmdletBase
{
    /// <summary>Gets or sets a real, expired access token for the MCP server; without it an expired copy of a fresh token is sent.</summary>
    [Parameter]
    [ValidateNotNull]
    public SecureString? ExpiredToken { get; set; }

    /// <summary>Gets or sets an access token for the MCP server obtained elsewhere (e.g. a user's authorization code flow); used instead of minting one.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
    [ValidateNotNull]
    public SecureString? AccessToken { get; set; }

    private protected override string CheckId => McpReconnectCheck.CheckId;

    private protected override string StateChange => "Mint two MCP access tokens and reconnect to the MCP server with them (SK-MCP-080)";

    private protected override void Configure(AuditConfiguration configuration)
    {
        if (AccessToken is not null)
        {
            configuration.Mcp.AccessToken = new NetworkCredential(string.Empty, AccessToken).Password;
        }

        if (ExpiredToken is not null)
        {
            configuration.Mcp.ExpiredToken = new NetworkCredential(string.Empty, ExpiredToken).Password;
        }
    }
}
