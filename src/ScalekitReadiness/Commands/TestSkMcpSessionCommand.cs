using System.Management.Automation;
using System.Net;
using System.Security;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Configuration;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that MCP sessions need the token, cannot be guessed and end on DELETE; or that a 2026-07-28 server keeps none (SK-MCP-060).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpSession", DefaultParameterSetName = "Secret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpSessionCommand : McpClientCmdletBase
{
    /// <summary>Gets or sets an access token for the MCP server obtained elsewhere (e.g. a user's authorization code flow); used instead of minting one.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
    [ValidateNotNull]
    public SecureString? AccessToken { get; set; }

    private protected override string CheckId => McpSessionCheck.CheckId;

    private protected override void Configure(AuditConfiguration configuration)
    {
        if (AccessToken is not null)
        {
            configuration.Mcp.AccessToken = new NetworkCredential(string.Empty, AccessToken).Password;
        }
    }

    private protected override string StateChange => "Mint an MCP access token and open, probe and end two MCP sessions (SK-MCP-060)";
}
