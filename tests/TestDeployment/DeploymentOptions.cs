using System;
using System.Collections.Generic;

namespace ScalekitReadiness.TestDeployment;

/// <summary>How to start a <see cref="Deployment"/>.</summary>
public sealed class DeploymentOptions
{
    /// <summary>
    /// Fault names (see <see cref="TestDeployment.Faults"/>), compared case-insensitively.
    /// The set is copied when the deployment starts; later changes have no effect on it.
    /// </summary>
    public ISet<string> Faults { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Scalekit resource id the MCP server is registered as.</summary>
    public string ResourceId { get; set; } = "res_test123";

    /// <summary>How long the token endpoint waits before answering (the latency knob for Measure-SkTokenExchange).</summary>
    public TimeSpan TokenLatency { get; set; }
}
