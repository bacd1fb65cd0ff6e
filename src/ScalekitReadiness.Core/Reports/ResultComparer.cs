using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.Reports;

/// <summary>
/// Pairs the findings of two runs and says how each changed. A finding is a check id and a target. Pairs are
/// made on the exact target first; among what is left, on the host and path without scheme and port, then on the
/// path alone, each only where it is unambiguous on both sides. So a run against new ports meets the last one,
/// and staging's https://mcp.staging.example.com/mcp meets production's https://mcp.example.com/mcp.
/// </summary>
internal static class ResultComparer
{
    public static IReadOnlyList<ResultComparison> Compare(IEnumerable<CheckResult> reference, IEnumerable<CheckResult> difference, bool includeUnchanged)
    {
        var left = reference.ToList();
        var right = difference.ToList();
        var pairs = new List<(CheckResult? Reference, CheckResult? Difference)>();

        Pair(left, right, pairs, r => r.Target, uniqueOnly: false);
        Pair(left, right, pairs, r => Location(r.Target, withHost: true), uniqueOnly: true);
        Pair(left, right, pairs, r => Location(r.Target, withHost: false), uniqueOnly: true);
        pairs.AddRange(left.Select(r => ((CheckResult?)r, (CheckResult?)null)));
        pairs.AddRange(right.Select(r => ((CheckResult?)null, (CheckResult?)r)));

        return pairs
            .Select(p => new ResultComparison(Classify(p.Reference, p.Difference), p.Reference, p.Difference))
            .Where(c => includeUnchanged || c.Change != ComparisonChange.Unchanged)
            .OrderBy(c => c.Change)
            .ThenByDescending(c => c.DifferenceSeverity ?? c.ReferenceSeverity)
            .ThenBy(c => c.CheckId, StringComparer.Ordinal)
            .ThenBy(c => c.Target, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>How one finding changed from <paramref name="reference"/> to <paramref name="difference"/> (either may be absent, not both).</summary>
    public static ComparisonChange Classify(CheckResult? reference, CheckResult? difference)
    {
        if (reference is null)
        {
            return IsFailing(difference!) ? ComparisonChange.NewFailure : ComparisonChange.Added;
        }

        if (difference is null)
        {
            return ComparisonChange.Removed;
        }

        bool wasFailing = IsFailing(reference);
        bool isFailing = IsFailing(difference);
        if (isFailing && !wasFailing)
        {
            return ComparisonChange.NewFailure;
        }

        if (wasFailing && isFailing)
        {
            return reference.Severity == difference.Severity ? ComparisonChange.StillFailing : ComparisonChange.SeverityChanged;
        }

        if (wasFailing)
        {
            // Passed or Warning means every rule held this time; NotRun, Manual, Attested or Excepted does not prove a fix.
            return difference.Status is CheckStatus.Passed or CheckStatus.Warning ? ComparisonChange.Fixed : ComparisonChange.StatusChanged;
        }

        if (reference.Status != difference.Status)
        {
            return ComparisonChange.StatusChanged;
        }

        return reference.Severity == difference.Severity ? ComparisonChange.Unchanged : ComparisonChange.SeverityChanged;
    }

    private static bool IsFailing(CheckResult result) => result.Status is CheckStatus.Failed or CheckStatus.Error;

    private static void Pair(List<CheckResult> left, List<CheckResult> right, List<(CheckResult?, CheckResult?)> pairs, Func<CheckResult, string> target, bool uniqueOnly)
    {
        var leftGroups = left.GroupBy(r => Key(r, target)).ToDictionary(g => g.Key, g => g.ToList());
        var rightGroups = right.GroupBy(r => Key(r, target)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (KeyValuePair<string, List<CheckResult>> group in leftGroups)
        {
            if (!rightGroups.TryGetValue(group.Key, out List<CheckResult>? matches) || (uniqueOnly && (group.Value.Count != 1 || matches.Count != 1)))
            {
                continue;
            }

            // Repeated findings (the same run piped twice) pair in order.
            for (int i = 0; i < Math.Min(group.Value.Count, matches.Count); i++)
            {
                pairs.Add((group.Value[i], matches[i]));
                left.Remove(group.Value[i]);
                right.Remove(matches[i]);
            }
        }
    }

    private static string Key(CheckResult result, Func<CheckResult, string> target) =>
        result.CheckId.ToUpperInvariant() + "\n" + target(result);

    /// <summary>The target without scheme and port (and without host unless <paramref name="withHost"/>); a target that is not a URL stays as it is.</summary>
    private static string Location(string target, bool withHost) =>
        Uri.TryCreate(target, UriKind.Absolute, out Uri? url) && !url.IsFile && !string.IsNullOrEmpty(url.Host)
            ? (withHost ? url.Host : string.Empty) + url.PathAndQuery + url.Fragment
            : target;
}
