using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.Reports;

/// <summary>What every report writer renders: the results in the order they arrived, their summary, and when and by what.</summary>
internal sealed class ReportDocument
{
    public ReportDocument(IEnumerable<CheckResult> results, DateTimeOffset generatedAt)
    {
        Results = results.ToArray();
        Summary = new ReportSummary(Results);
        GeneratedAt = generatedAt;
    }

    /// <summary>Gets the name of the tool as reports show it.</summary>
    public static string ToolName => "ScalekitReadiness";

    /// <summary>Gets the module version (the assemblies are stamped with the manifest's version).</summary>
    public static string ToolVersion { get; } = typeof(ReportDocument).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Gets the results, in the order they arrived.</summary>
    public IReadOnlyList<CheckResult> Results { get; }

    /// <summary>Gets the counts.</summary>
    public ReportSummary Summary { get; }

    /// <summary>Gets when the report was written.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>Gets the Failed and Error results, most severe first, then by check id and target.</summary>
    public IReadOnlyList<CheckResult> Failures => Ordered(Results.Where(r => r.Status is CheckStatus.Failed or CheckStatus.Error));

    /// <summary>Gets the Warning results, most severe first.</summary>
    public IReadOnlyList<CheckResult> Warnings => Ordered(Results.Where(r => r.Status == CheckStatus.Warning));

    /// <summary>Gets a one-line heading naming the deployments, e.g. "prod" or "staging, prod".</summary>
    public string DeploymentLabel => Summary.Deployments.Count == 0 ? "(unnamed deployment)" : string.Join(", ", Summary.Deployments);

    private static CheckResult[] Ordered(IEnumerable<CheckResult> results) => results
        .OrderByDescending(r => r.Severity)
        .ThenBy(r => r.CheckId, StringComparer.Ordinal)
        .ThenBy(r => r.Target, StringComparer.Ordinal)
        .ToArray();
}
