using System;
using System.Globalization;
using System.IO;
using System.Threading;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Monitoring;
using ScalekitReadiness.SecretScan;

namespace ScalekitReadiness.Checks.Monitoring;

/// <summary>Opens <c>Monitoring.RunbookPath</c> for SK-MON-040 and SK-MON-050, and dates its last review.</summary>
internal static class RunbookFile
{
    public const string ConfigurationKey = "Monitoring.RunbookPath";

    /// <summary>Reads the runbook, or records why it cannot be read and returns null.</summary>
    public static RunbookDocument? Open(string path, ResultBuilder result)
    {
        if (!File.Exists(path))
        {
            result.Fail($"The runbook {path} (Monitoring.RunbookPath) does not exist: in an incident nobody finds what to do.");
            return null;
        }

        RunbookDocument document = RunbookDocument.Read(path);
        if (string.Join(string.Empty, document.Lines).Trim().Length == 0)
        {
            result.Fail($"The runbook {path} is empty.");
            return null;
        }

        return document;
    }

    /// <summary>Judges the age of a date against Policy.AttestationMaxAgeDays: records a failure when it is older.</summary>
    public static void JudgeAge(AuditContext context, ResultBuilder result, DateTime day, string what, Action<string> onTooOld)
    {
        int maxAge = context.Configuration.Policy.AttestationMaxAgeDays;
        int age = (int)(context.Clock().UtcDateTime.Date - day.Date).TotalDays;
        result.Evidence(what, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + $" ({age} days ago; the policy allows {maxAge})");
        if (age > maxAge)
        {
            onTooOld($"{what} {day:yyyy-MM-dd} is {age} days ago, older than Policy.AttestationMaxAgeDays ({maxAge} days)");
        }
    }

    /// <summary>The date of the runbook's last review: its <c>Last reviewed:</c> line, else the file's last git commit.</summary>
    public static (DateTime? Date, string Source) LastReview(string path, RunbookDocument document, CancellationToken cancellationToken)
    {
        if (document.LastReviewed is DateTime reviewed)
        {
            return (reviewed, "the 'Last reviewed:' line");
        }

        GitRepository? repository = GitRepository.TryOpen(Path.GetDirectoryName(path) ?? ".", cancellationToken, out string note);
        if (repository?.LastCommitDate(path, cancellationToken) is DateTimeOffset committed)
        {
            return (committed.UtcDateTime.Date, "the file's last git commit");
        }

        return (null, repository is null ? note : "the file has no git commit");
    }
}
