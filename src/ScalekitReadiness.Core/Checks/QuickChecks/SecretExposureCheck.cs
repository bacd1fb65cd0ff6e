using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Audit;
using ScalekitReadiness.Configuration;
using ScalekitReadiness.SecretScan;

namespace ScalekitReadiness.Checks.QuickChecks;

/// <summary>
/// SK-QC-030: no credential is committed to the source tree. One result for the tree: every finding is a reason
/// (<c>file:line rule: masked value</c>); the raw values go to the redactor only, so they cannot reach any output.
/// </summary>
internal sealed class SecretExposureCheck : Check, ITargetedCheck
{
    public const string CheckId = "SK-QC-030";

    /// <summary>The most findings listed one by one; the rest are counted per rule in one last reason.</summary>
    public const int MaxListedFindings = 1000;

    private readonly SecretScanOptions _options;

    public SecretExposureCheck()
        : this(new SecretScanOptions())
    {
    }

    public SecretExposureCheck(SecretScanOptions options)
        : base(new CheckDefinition(
            CheckId,
            "Credentials are not committed to code",
            CheckSection.QuickChecks,
            Severity.Critical,
            Safety.Passive,
            "Scans the source tree (Source.Path) for literal Scalekit client secrets (SCALEKIT_CLIENT_SECRET / SK_CLIENT_SECRET assignments, the ScalekitClient constructor), webhook secrets (whsec_…), client_secret/clientSecret assignments of a literal (not process.env, os.environ, ${…}, empty values or placeholders), signed JWTs and PEM private keys with a body; in a git repository also .env files that git tracks and a .gitignore that does not cover .env. Skips binary files, node_modules, bin, obj and .git, git-ignored files, and what .skreadinessignore or -Exclude (Source.Exclude) names. Each finding gives the file, line, rule and a masked value (first 4 characters and the length). -IncludeHistory (Source.IncludeHistory) also scans every commit's added lines.",
            "Remove the value from the code and read it from the environment or a secret store (SCALEKIT_CLIENT_SECRET, SCALEKIT_WEBHOOK_SECRET); then rotate it in Dashboard › Developers › Settings › API credentials (client secret) or the webhook's settings (signing secret), because the old value stays in git history and in every clone. Untrack committed .env files with 'git rm --cached <file>' and add '.env' and '.env.*' (with '!.env.example') to .gitignore. For a harmless test value, add the file to .skreadinessignore or put 'skreadiness:ignore' on the line.",
            new[] { "Source.Path" },
            new[]
            {
                "Scalekit: authenticate/set-up-scalekit (API credentials; keep the client secret in environment variables)",
                "Scalekit: authenticate/mcp/launch-checklist (secrets in env vars or a vault)",
                "OWASP ASVS 5.0 V13.3 (secret management)",
            }))
    {
        _options = options;
    }

    public override string? MissingConfiguration(AuditContext context) =>
        context.Configuration.SourcePath is null ? "Source.Path" : null;

    public string? DefaultTarget(AuditContext context) => context.Configuration.SourcePath;

    public override async Task<IEnumerable<CheckResult>> RunAsync(AuditContext context, CancellationToken cancellationToken)
    {
        string path = context.Configuration.SourcePath!;
        ResultBuilder result = context.StartResult(Definition, path);
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            return new[] { result.Error($"The source path '{path}' does not exist. Set Source.Path (or -Path) to the folder of the application's source code.") };
        }

        SecretScanOptions options = EffectiveOptions(context.Configuration);
        SecretScanReport report = await Task.Run(() => SecretScanner.Scan(path, options, cancellationToken), cancellationToken).ConfigureAwait(false);

        // Known before any text is recorded, so even an accidental echo of a value is scrubbed.
        foreach (SecretFinding finding in report.Findings)
        {
            context.Redactor.AddSecret(finding.Secret);
        }

        int listed = 0;
        foreach (SecretFinding finding in report.Findings)
        {
            if (finding.Rule == SecretRules.GitignoreEnv)
            {
                result.Warn(finding.Describe());
            }
            else if (listed++ < MaxListedFindings)
            {
                result.Fail(finding.Describe());
            }
        }

        if (listed > MaxListedFindings)
        {
            result.Fail($"… and {listed - MaxListedFindings} more findings, not listed one by one (see the evidence 'Findings by rule'). Fix or exclude the ones above and run again.");
        }

        if (report.FilesScanned == 0)
        {
            result.Warn("No file was scanned: the folder is empty, git ignores all of it, or the ignore file and -Exclude remove everything. An empty scan proves nothing; check the path.");
        }

        if (report.GitUnavailableForRepository)
        {
            result.Warn("The tree has a .git folder but git is not installed: tracked .env files and .gitignore coverage were not checked, and git-ignored files were scanned. Install git and run again.");
        }

        RecordEvidence(report, result);
        string size = Megabytes(report.BytesScanned);
        return new[]
        {
            result.Build($"No committed credential found in {report.FilesScanned} file(s) ({size})."),
        };
    }

    // The configuration's Source.Exclude and Source.IncludeHistory add to what the check was built with.
    private SecretScanOptions EffectiveOptions(AuditConfiguration configuration)
    {
        var options = new SecretScanOptions
        {
            IncludeHistory = _options.IncludeHistory || configuration.SourceIncludeHistory,
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
        };
        foreach (string pattern in _options.Exclude.Concat(configuration.SourceExclude))
        {
            options.Exclude.Add(pattern);
        }

        return options;
    }

    private static void RecordEvidence(SecretScanReport report, ResultBuilder result)
    {
        result.Evidence("Files scanned", $"{report.FilesScanned} ({Megabytes(report.BytesScanned)})");
        double seconds = Math.Max(report.Duration.TotalSeconds, 0.000001);
        result.Evidence(
            "Duration",
            string.Format(CultureInfo.InvariantCulture, "{0:0.000} s, {1:0.0} MB/s, {2} worker(s)", report.Duration.TotalSeconds, report.BytesScanned / 1e6 / seconds, report.Workers));
        result.Evidence(
            "Skipped",
            $"{report.BinaryFiles} binary file(s); {report.SkippedInVendorFolders} node_modules/bin/obj/.git folder(s) or files in them; {report.Excluded} excluded by .skreadinessignore or -Exclude");
        if (report.UnreadableFiles.Count > 0)
        {
            result.Evidence("Unreadable", $"{report.UnreadableFiles.Count}: " + string.Join(", ", report.UnreadableFiles.Take(10)) + (report.UnreadableFiles.Count > 10 ? ", …" : string.Empty));
        }

        result.Evidence("Git", report.IsGitRepository
            ? report.Git + ": scanned the files git lists (tracked, and untracked but not ignored); git-ignored files are not scanned"
            : report.Git + ": every file under the path was scanned; the env-file-tracked and gitignore-env rules are not applicable");
        if (report.EnvIgnoreRule is not null)
        {
            result.Evidence(".env ignore rule", report.EnvIgnoreRule);
        }

        result.Evidence("Ignore file", report.IgnoreFile is null ? "none (" + PathFilter.IgnoreFileName + " not found)" : $"{report.IgnoreFile} ({report.IgnoreFilePatterns} pattern(s))");
        result.Evidence("History", report.History);
        result.Evidence("Findings by rule", report.Findings.Count == 0
            ? "none"
            : string.Join(", ", report.Findings.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + ": " + g.Count().ToString(CultureInfo.InvariantCulture))));
    }

    private static string Megabytes(long bytes) => string.Format(CultureInfo.InvariantCulture, "{0:0.0} MB", bytes / 1e6);
}
