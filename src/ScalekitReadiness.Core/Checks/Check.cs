using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;

namespace ScalekitReadiness.Checks;

/// <summary>One check of the catalog. A check yields one result per target it examined.</summary>
internal abstract class Check
{
    protected Check(CheckDefinition definition)
    {
        Definition = definition;
    }

    /// <summary>Gets the catalog entry (id, title, section, severity, safety, needs, remediation).</summary>
    public CheckDefinition Definition { get; }

    /// <summary>
    /// Returns the configuration key the check needs and cannot find, or null when it can run. The engine
    /// turns a non-null answer into NotRun (NotConfigured) naming the key.
    /// </summary>
    public abstract string? MissingConfiguration(AuditContext context);

    /// <summary>Probes and judges. Network failures surface as <see cref="Http.ProbeException"/>; the engine makes them Error results.</summary>
    public abstract Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken);
}
