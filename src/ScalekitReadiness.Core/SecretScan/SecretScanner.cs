using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ScalekitReadiness.SecretScan;

/// <summary>How a secret scan runs.</summary>
internal sealed class SecretScanOptions
{
    /// <summary>Gets the extra .gitignore-style patterns of files and folders to skip.</summary>
    public IList<string> Exclude { get; } = new List<string>();

    /// <summary>Gets or sets a value indicating whether every commit's added lines are scanned too (<c>git log -p --all</c>).</summary>
    public bool IncludeHistory { get; set; }

    /// <summary>Gets or sets how many files are read at once (default: one per processor).</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;
}

/// <summary>What a secret scan found and how much it read.</summary>
internal sealed class SecretScanReport
{
    public SecretScanReport(string root)
    {
        Root = root;
    }

    /// <summary>Gets the scanned folder (or file), as a full path.</summary>
    public string Root { get; }

    /// <summary>Gets the findings, by path then line.</summary>
    public List<SecretFinding> Findings { get; } = new();

    public int FilesScanned { get; set; }

    public long BytesScanned { get; set; }

    public int BinaryFiles { get; set; }

    public List<string> UnreadableFiles { get; } = new();

    /// <summary>Gets or sets how many files and folders the ignore file or the exclude patterns removed.</summary>
    public int Excluded { get; set; }

    /// <summary>Gets or sets how many node_modules/bin/obj/.git folders (or files under them, when git lists them) were skipped.</summary>
    public int SkippedInVendorFolders { get; set; }

    public int Workers { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Gets or sets whether the tree is a git work tree ("git repository …", "not a git repository", "git is not installed …").</summary>
    public string Git { get; set; } = string.Empty;

    public bool IsGitRepository { get; set; }

    /// <summary>Gets or sets a value indicating whether a <c>.git</c> folder was seen although git could not answer.</summary>
    public bool GitUnavailableForRepository { get; set; }

    /// <summary>Gets or sets the ignore rule that covers <c>.env</c> (as <c>source:line:pattern</c>), "none", or null when not asked.</summary>
    public string? EnvIgnoreRule { get; set; }

    public string? IgnoreFile { get; set; }

    public int IgnoreFilePatterns { get; set; }

    /// <summary>Gets or sets what happened to the history (-IncludeHistory).</summary>
    public string History { get; set; } = "not read (-IncludeHistory or Source.IncludeHistory reads it)";
}

/// <summary>
/// SK-QC-030's scanner: lists the files (git's list in a repository — tracked, and untracked but not ignored —
/// otherwise a walk that prunes skipped folders), reads them in parallel with one <see cref="ContentScanner"/> per
/// worker, and applies the git rules (tracked .env files, .gitignore coverage, optionally the history).
/// </summary>
internal static class SecretScanner
{
    private static readonly string[] s_envTemplateSuffixes = { ".example", ".sample", ".template", ".dist", ".tpl" };

    /// <summary>Scans <paramref name="path"/> (a folder or one file).</summary>
    public static SecretScanReport Scan(string path, SecretScanOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        string root = Path.GetFullPath(path);
        var report = new SecretScanReport(root);
        bool isFile = File.Exists(root);
        string directory = isFile ? Path.GetDirectoryName(root)! : root;
        PathFilter filter = PathFilter.Create(directory, options.Exclude);
        report.IgnoreFile = filter.IgnoreFile;
        report.IgnoreFilePatterns = filter.IgnoreFilePatternCount;

        var files = new List<string>();
        GitRepository? git = null;
        if (isFile)
        {
            files.Add(Path.GetFileName(root));
            report.Git = "not applied: the path is a single file, the git rules apply to a folder";
        }
        else
        {
            git = GitRepository.TryOpen(directory, cancellationToken, out string note);
            report.Git = note;
            report.IsGitRepository = git is not null;
            if (git is not null)
            {
                ListGitFiles(git, filter, files, report, cancellationToken);
                JudgeEnvIgnored(git, report, cancellationToken);
            }
            else
            {
                report.GitUnavailableForRepository = note.StartsWith("git is not installed", StringComparison.Ordinal) && Directory.Exists(Path.Combine(directory, ".git"));
                Walk(directory, filter, files, report, cancellationToken);
            }
        }

        ScanFiles(directory, files, options, report, cancellationToken);
        if (options.IncludeHistory)
        {
            if (git is null)
            {
                report.History = "not applicable: " + report.Git;
            }
            else
            {
                ScanHistory(git, filter, report, cancellationToken);
            }
        }

        report.Findings.Sort(CompareFindings);
        report.Duration = stopwatch.Elapsed;
        return report;
    }

    /// <summary>True for <c>.env</c> and <c>.env.*</c>, except committed templates (<c>.env.example</c>, <c>.env.sample</c>…).</summary>
    internal static bool IsEnvFile(string relativePath)
    {
        int slash = relativePath.LastIndexOf('/');
        string name = slash >= 0 ? relativePath.Substring(slash + 1) : relativePath;
        if (name == ".env")
        {
            return true;
        }

        return name.StartsWith(".env.", StringComparison.Ordinal)
            && !s_envTemplateSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static void ListGitFiles(GitRepository git, PathFilter filter, List<string> files, SecretScanReport report, CancellationToken cancellationToken)
    {
        foreach (GitFile file in git.ListFiles(cancellationToken))
        {
            if (filter.IsPathExcluded(file.RelativePath, out bool vendor))
            {
                if (vendor)
                {
                    report.SkippedInVendorFolders++;
                }
                else
                {
                    report.Excluded++;
                }

                continue;
            }

            if (file.Tracked && IsEnvFile(file.RelativePath))
            {
                report.Findings.Add(new SecretFinding(
                    file.RelativePath,
                    0,
                    SecretRules.TrackedEnvFile,
                    "the file is tracked by git, so everyone with the repository has its values. Run 'git rm --cached " + file.RelativePath + "', ignore it in .gitignore and rotate what it held.",
                    null));
            }

            files.Add(file.RelativePath);
        }
    }

    private static void JudgeEnvIgnored(GitRepository git, SecretScanReport report, CancellationToken cancellationToken)
    {
        string? rule = git.IgnoreRuleFor(".env", cancellationToken);
        report.EnvIgnoreRule = rule ?? "none";
        string? problem = null;
        if (rule is null)
        {
            problem = "no .gitignore rule covers .env, so 'git add .' commits a local .env. Add '.env' and '.env.*' (with '!.env.example') to .gitignore.";
        }
        else
        {
            // "<source>:<line>:<pattern>"; the pattern may itself hold ':', the source is a path.
            string[] parts = rule.Split(new[] { ':' }, 3);
            string source = parts[0];
            string pattern = parts.Length == 3 ? parts[2] : string.Empty;
            if (pattern.StartsWith("!", StringComparison.Ordinal))
            {
                problem = $"{source} re-includes .env with '{pattern}', so 'git add .' commits a local .env. Remove that line.";
            }
            else if (!string.Equals(Path.GetFileName(source), ".gitignore", StringComparison.Ordinal))
            {
                problem = $".env is ignored only by {source} on this machine, not by a committed .gitignore; other clones would commit it. Add '.env' to .gitignore.";
            }
        }

        if (problem is not null)
        {
            report.Findings.Add(new SecretFinding(".gitignore", 0, SecretRules.GitignoreEnv, problem, null));
        }
    }

    private static void Walk(string directory, PathFilter filter, List<string> files, SecretScanReport report, CancellationToken cancellationToken)
    {
        var pending = new Stack<(string Full, string Relative)>();
        pending.Push((directory, string.Empty));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (string full, string relative) = pending.Pop();
            try
            {
                foreach ((string name, bool isDirectory) in Entries(full))
                {
                    string entryRelative = relative.Length == 0 ? name : relative + "/" + name;
                    if (isDirectory)
                    {
                        string entryFull = Path.Combine(full, name);
                        if (PathFilter.IsSkippedDirectoryName(name))
                        {
                            report.SkippedInVendorFolders++;
                        }
                        else if (filter.IsExcluded(entryRelative, true))
                        {
                            report.Excluded++;
                        }
                        else if (!IsSymbolicLink(entryFull))
                        {
                            // Linked folders are not followed (as ripgrep and git): they can loop or leave the tree.
                            pending.Push((entryFull, entryRelative));
                        }
                    }
                    else if (filter.IsExcluded(entryRelative, false))
                    {
                        report.Excluded++;
                    }
                    else
                    {
                        files.Add(entryRelative);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                report.UnreadableFiles.Add(relative.Length == 0 ? "." : relative + "/");
            }
        }
    }

#if NET8_0_OR_GREATER
    // Names and kinds straight from the directory entries: no FileSystemInfo and no stat call per file.
    private static IEnumerable<(string Name, bool IsDirectory)> Entries(string directory) =>
        new System.IO.Enumeration.FileSystemEnumerable<(string, bool)>(
            directory,
            (ref System.IO.Enumeration.FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory),
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false, ReturnSpecialDirectories = false });

    private static bool IsSymbolicLink(string directory) => new DirectoryInfo(directory).LinkTarget is not null;
#else
    private static IEnumerable<(string Name, bool IsDirectory)> Entries(string directory)
    {
        foreach (FileSystemInfo entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            yield return (entry.Name, (entry.Attributes & FileAttributes.Directory) != 0);
        }
    }

    private static bool IsSymbolicLink(string directory) => (File.GetAttributes(directory) & FileAttributes.ReparsePoint) != 0;
#endif

    private static void ScanFiles(string directory, List<string> files, SecretScanOptions options, SecretScanReport report, CancellationToken cancellationToken)
    {
        int workers = Math.Max(1, Math.Min(options.MaxDegreeOfParallelism, files.Count));
        report.Workers = workers;
        var scanners = new ContentScanner[workers];
        var outcomes = new FileScanOutcome[files.Count];
        int next = -1;
        try
        {
            Parallel.For(
                0,
                workers,
                new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
                worker =>
                {
                    ContentScanner scanner = scanners[worker] = new ContentScanner();
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < files.Count)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        outcomes[index] = scanner.ScanFile(Path.Combine(directory, files[index]), files[index]);
                    }
                });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            foreach (ContentScanner? scanner in scanners)
            {
                scanner?.Dispose();
            }
        }

        for (int i = 0; i < files.Count; i++)
        {
            switch (outcomes[i])
            {
                case FileScanOutcome.Scanned:
                    report.FilesScanned++;
                    break;
                case FileScanOutcome.Binary:
                    report.BinaryFiles++;
                    break;
                default:
                    report.UnreadableFiles.Add(files[i]);
                    break;
            }
        }

        foreach (ContentScanner scanner in scanners)
        {
            report.BytesScanned += scanner.BytesRead;
            report.Findings.AddRange(scanner.Findings);
        }
    }

    private static void ScanHistory(GitRepository git, PathFilter filter, SecretScanReport report, CancellationToken cancellationToken)
    {
        var treeSecrets = new HashSet<string>(report.Findings.Where(f => f.Secret is not null).Select(f => f.Secret!), StringComparer.Ordinal);
        using var scanner = new ContentScanner();
        int commits = git.ReadHistory(
            (commit, path, buffer, length, lines) =>
            {
                if (!filter.IsPathExcluded(path, out _))
                {
                    scanner.ScanLines(buffer, length, lines, path, commit);
                }
            },
            cancellationToken);

        // git log lists the newest commit first: the last sighting of a secret in a file is the commit that added it.
        var introduced = new Dictionary<(string Path, string Secret), SecretFinding>();
        foreach (SecretFinding finding in scanner.Findings)
        {
            if (!treeSecrets.Contains(finding.Secret!))
            {
                introduced[(finding.Path, finding.Secret!)] = finding;
            }
        }

        report.Findings.AddRange(introduced.Values);
        report.History = $"read {commits} commit(s) of every branch and tag (git log -p --all); {introduced.Count} secret(s) found only in history";
    }

    private static int CompareFindings(SecretFinding a, SecretFinding b)
    {
        int byHistory = (a.Commit is null).CompareTo(b.Commit is null);
        if (byHistory != 0)
        {
            return -byHistory;
        }

        int byPath = string.CompareOrdinal(a.Path, b.Path);
        return byPath != 0 ? byPath : a.Line.CompareTo(b.Line);
    }
}
