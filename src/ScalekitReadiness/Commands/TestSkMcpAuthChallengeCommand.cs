using System.Management.Automation;
using ScalekitReadiness.Checks.Mcp;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Checks that an MCP server refuses requests without a token with 401 and a Bearer challenge pointing at its metadata (SK-MCP-001).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkMcpAuthChallenge")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkMcpAuthChallengeCommand : McpServerCheckCmdletBase
{
    /// <summary>Initializes a new instance of the <see cref="TestSkMcpAuthChallengeCommand"/> class.</summary>
    public TestSkMcpAuthChallengeCommand()
        : base(McpAuthChallengeCheck.CheckId)
    {
    }
}
