using System.Management.Automation;
using ScalekitReadiness.Checks.Mcp;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Mints an MCP access token with client_credentials and resource, judges it and opens the MCP server with it (SK-MCP-040).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpTokenExchange", DefaultParameterSetName = "Secret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpTokenExchangeCommand : McpClientCmdletBase
{
    private protected override string CheckId => McpTokenExchangeCheck.CheckId;

    private protected override string StateChange => "Mint an MCP access token (client_credentials) and open the MCP server with it (SK-MCP-040)";
}
