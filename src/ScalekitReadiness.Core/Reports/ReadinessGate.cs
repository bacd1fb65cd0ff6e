using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ScalekitReadiness.Reports;

/// <summary>The gate of <c>Assert-SkReadiness</c>: which results stop a pipeline, and the message that names them.</summary>
internal static class ReadinessGate
{
    private const int MaxReasonLength = 300;

    /// <summary>Returns the Failed and Error results at or above <paramref name="threshold"/>, most severe first.</summary>
    public static IReadOnlyList<CheckResult> Failures(IEnumerable<CheckResult> results, Severity threshold) => results
        .Where(r => r.Status is CheckStatus.Failed or CheckStatus.Error && r.Severity >= threshold)
        .OrderByDescending(r => r.Severity)
        .ThenBy(r => r.CheckId, StringComparer.Ordinal)
        .ThenBy(r => r.Target, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The message of the terminating error: one line per failure (status, severity, check id, target, first reason).</summary>
    public static string Describe(IReadOnlyList<CheckResult> failures, int total, Severity threshold)
    {
        var message = new StringBuilder();
        message.Append("The readiness gate failed: ").Append(failures.Count).Append(" of ").Append(total)
            .Append(total == 1 ? " result is" : " results are").Append(" Failed or Error at severity ").Append(threshold)
            .Append(threshold == Severity.Critical ? ":" : " or above:");
        foreach (CheckResult failure in failures)
        {
            message.Append('\n').Append("  ").Append(failure.Status).Append(' ').Append(failure.Severity).Append(' ')
                .Append(failure.CheckId).Append(' ').Append(failure.Target).Append(": ")
                .Append(ReportText.Truncate(OneLine(ReportText.FirstReason(failure)), MaxReasonLength));
        }

        message.Append('\n').Append("Fix them (each result's Remediation and DocsUrl say how), or raise -FailOn.");
        return message.ToString();
    }

    private static string OneLine(string text) => text.Replace("\r", string.Empty).Replace('\n', ' ');
}
