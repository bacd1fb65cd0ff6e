using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.Reports;

/// <summary>The counts every report format shows: by status, by section and status, by severity and status.</summary>
internal sealed class ReportSummary
{
    /// <summary>The order reports list statuses in: problems first.</summary>
    public static readonly IReadOnlyList<CheckStatus> DisplayOrder = new[]
    {
        CheckStatus.Failed, CheckStatus.Error, CheckStatus.Warning, CheckStatus.Manual, CheckStatus.NotRun,
        CheckStatus.Excepted, CheckStatus.Attested, CheckStatus.Passed,
    };

    private readonly Dictionary<CheckStatus, int> _byStatus;
    private readonly Dictionary<(CheckSection, CheckStatus), int> _bySection;
    private readonly Dictionary<(Severity, CheckStatus), int> _bySeverity;

    public ReportSummary(IReadOnlyList<CheckResult> results)
    {
        Total = results.Count;
        _byStatus = results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        _bySection = results.GroupBy(r => (r.Section, r.Status)).ToDictionary(g => g.Key, g => g.Count());
        _bySeverity = results.GroupBy(r => (r.Severity, r.Status)).ToDictionary(g => g.Key, g => g.Count());
        Statuses = DisplayOrder.Where(s => _byStatus.ContainsKey(s)).ToArray();
        Sections = Enum.GetValues(typeof(CheckSection)).Cast<CheckSection>().Where(s => results.Any(r => r.Section == s)).ToArray();
        Severities = Enum.GetValues(typeof(Severity)).Cast<Severity>().Reverse().Where(s => results.Any(r => r.Severity == s)).ToArray();
        Deployments = results.Select(r => r.Deployment).Where(d => d is not null).Select(d => d!).Distinct(StringComparer.Ordinal).ToArray();
        RunIds = results.Select(r => r.RunId).Distinct().ToArray();
    }

    /// <summary>Gets the number of results.</summary>
    public int Total { get; }

    /// <summary>Gets the statuses that occur, problems first (<see cref="DisplayOrder"/>).</summary>
    public IReadOnlyList<CheckStatus> Statuses { get; }

    /// <summary>Gets the sections that occur, in the order they run.</summary>
    public IReadOnlyList<CheckSection> Sections { get; }

    /// <summary>Gets the severities that occur, from Critical down to Info.</summary>
    public IReadOnlyList<Severity> Severities { get; }

    /// <summary>Gets the deployment names of the results, in order of first appearance.</summary>
    public IReadOnlyList<string> Deployments { get; }

    /// <summary>Gets the run ids of the results, in order of first appearance.</summary>
    public IReadOnlyList<Guid> RunIds { get; }

    /// <summary>Gets the number of Failed results.</summary>
    public int Failed => Count(CheckStatus.Failed);

    /// <summary>Gets the number of Error results.</summary>
    public int Errors => Count(CheckStatus.Error);

    /// <summary>Gets the number of Warning results.</summary>
    public int Warnings => Count(CheckStatus.Warning);

    /// <summary>Returns the number of results with <paramref name="status"/>.</summary>
    public int Count(CheckStatus status) => _byStatus.TryGetValue(status, out int n) ? n : 0;

    /// <summary>Returns the number of results of <paramref name="section"/> with <paramref name="status"/>.</summary>
    public int Count(CheckSection section, CheckStatus status) => _bySection.TryGetValue((section, status), out int n) ? n : 0;

    /// <summary>Returns the number of results of <paramref name="section"/>.</summary>
    public int Count(CheckSection section) => Statuses.Sum(s => Count(section, s));

    /// <summary>Returns the number of results of <paramref name="severity"/> with <paramref name="status"/>.</summary>
    public int Count(Severity severity, CheckStatus status) => _bySeverity.TryGetValue((severity, status), out int n) ? n : 0;

    /// <summary>Returns the number of results of <paramref name="severity"/>.</summary>
    public int Count(Severity severity) => Statuses.Sum(s => Count(severity, s));
}
