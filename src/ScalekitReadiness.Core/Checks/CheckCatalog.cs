using System;
using System.Collections.Generic;
using System.Linq;
using ScalekitReadiness.Checks.Auth;
using ScalekitReadiness.Checks.Mcp;
using ScalekitReadiness.Checks.Monitoring;
using ScalekitReadiness.Checks.QuickChecks;

namespace ScalekitReadiness.Checks;

/// <summary>
/// The registry of implemented checks. A check is registered (in its area's list) only once it works end to end.
/// </summary>
internal static class CheckCatalog
{
    /// <summary>Gets every check, in section order then id order.</summary>
    public static IReadOnlyList<Check> All { get; } = QuickCheckList.Checks
        .Concat(AuthCheckList.Checks)
        .Concat(McpCheckList.Checks)
        .Concat(MonitoringCheckList.Checks)
        .OrderBy(c => c.Definition.Section)
        .ThenBy(c => c.Definition.Id, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Returns the check with this id, or null.</summary>
    public static Check? Find(string id) =>
        All.FirstOrDefault(c => string.Equals(c.Definition.Id, id, StringComparison.OrdinalIgnoreCase));
}
