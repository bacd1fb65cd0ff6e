using System.Management.Automation;
using ScalekitReadiness.Checks.Mcp;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Finds the authorization server metadata an MCP client would use (all four discovery URL forms) and judges it (SK-MCP-020).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SkAuthorizationServerMetadata")]
[OutputType(typeof(CheckResult))]
public sealed class TestSkAuthorizationServerMetadataCommand : McpServerCheckCmdletBase
{
    /// <summary>Initializes a new instance of the <see cref="TestSkAuthorizationServerMetadataCommand"/> class.</summary>
    public TestSkAuthorizationServerMetadataCommand()
        : base(AuthorizationServerMetadataCheck.CheckId)
    {
    }
}
