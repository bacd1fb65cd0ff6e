using System.Management.Automation;
using ScalekitReadiness.Checks.Mcp;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that MCP sessions need the token, cannot be guessed and end on DELETE; or that a 2026-07-28 server keeps none (SK-MCP-060).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpSession", DefaultParameterSetName = "Secret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpSessionCommand : McpClientCmdletBase
{
    private protected override string CheckId => McpSessionCheck.CheckId;

    private protected override string StateChange => "Mint an MCP access token and open, probe and end two MCP sessions (SK-MCP-060)";
}
