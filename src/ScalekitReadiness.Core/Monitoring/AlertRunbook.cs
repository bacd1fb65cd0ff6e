using System;
using System.IO;
using System.Linq;

namespace ScalekitReadiness.Monitoring;

/// <summary>
/// The scheduled script of <c>Monitoring.AlertRunbook</c>: evidence that <c>Find-SkSuspiciousAuthActivity</c> reads
/// the auth log on a schedule (SK-MON-010) and that a machine watches the log (SK-MON-001).
/// </summary>
internal static class AlertRunbook
{
    public const string FinderCmdlet = "Find-SkSuspiciousAuthActivity";

    /// <summary>Returns the first line of the script that runs <see cref="FinderCmdlet"/>, or null; the reason when the file cannot be used.</summary>
    public static string? FinderLine(string path, out string? problem)
    {
        if (!File.Exists(path))
        {
            problem = $"Monitoring.AlertRunbook names {path}, which does not exist.";
            return null;
        }

        string? line = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .FirstOrDefault(l => !l.StartsWith("#", StringComparison.Ordinal) && l.IndexOf(FinderCmdlet, StringComparison.OrdinalIgnoreCase) >= 0);
        problem = line is null ? $"Monitoring.AlertRunbook ({path}) never runs {FinderCmdlet} (outside comments): it is no evidence that suspicious activity raises alerts." : null;
        return line;
    }
}
