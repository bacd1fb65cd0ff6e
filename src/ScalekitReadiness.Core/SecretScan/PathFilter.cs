using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ScalekitReadiness.SecretScan;

/// <summary>
/// Decides which files the secret scan skips: the vendor and build folders (<c>node_modules</c>, <c>bin</c>,
/// <c>obj</c>, <c>.git</c>) at any depth, the patterns of the root's <c>.skreadinessignore</c> file, and the
/// caller's exclude patterns. Patterns follow .gitignore syntax; the last matching pattern wins.
/// </summary>
internal sealed class PathFilter
{
    /// <summary>The ignore file read from the root of the scanned tree.</summary>
    public const string IgnoreFileName = ".skreadinessignore";

    private static readonly HashSet<string> s_skippedDirectories = new(StringComparer.Ordinal) { "node_modules", "bin", "obj", ".git" };

    private readonly List<IgnorePattern> _patterns;
    private readonly Dictionary<string, bool> _directoryVerdicts = new(StringComparer.Ordinal);

    private PathFilter(List<IgnorePattern> patterns, int ignoreFilePatterns, string? ignoreFile)
    {
        _patterns = patterns;
        IgnoreFilePatternCount = ignoreFilePatterns;
        IgnoreFile = ignoreFile;
    }

    /// <summary>Gets the names of the folders never scanned.</summary>
    public static IEnumerable<string> SkippedDirectoryNames => s_skippedDirectories;

    /// <summary>Gets the full path of the ignore file that was read, or null.</summary>
    public string? IgnoreFile { get; }

    /// <summary>Gets how many patterns came from the ignore file.</summary>
    public int IgnoreFilePatternCount { get; }

    /// <summary>Reads <c>.skreadinessignore</c> from <paramref name="root"/> (when present) and adds <paramref name="exclude"/>.</summary>
    public static PathFilter Create(string root, IEnumerable<string> exclude)
    {
        var patterns = new List<IgnorePattern>();
        string ignoreFile = Path.Combine(root, IgnoreFileName);
        string? read = null;
        if (File.Exists(ignoreFile))
        {
            read = ignoreFile;
            foreach (string line in File.ReadAllLines(ignoreFile))
            {
                if (IgnorePattern.Parse(line) is IgnorePattern pattern)
                {
                    patterns.Add(pattern);
                }
            }
        }

        int fromFile = patterns.Count;
        foreach (string line in exclude)
        {
            if (IgnorePattern.Parse(line) is IgnorePattern pattern)
            {
                patterns.Add(pattern);
            }
        }

        return new PathFilter(patterns, fromFile, read);
    }

    /// <summary>True for a folder name that is never entered.</summary>
    public static bool IsSkippedDirectoryName(string name) => s_skippedDirectories.Contains(name);

    /// <summary>True when a pattern excludes <paramref name="relativePath"/> itself (not looking at its parents).</summary>
    public bool IsExcluded(string relativePath, bool isDirectory)
    {
        bool excluded = false;
        foreach (IgnorePattern pattern in _patterns)
        {
            if (pattern.Matches(relativePath, isDirectory))
            {
                excluded = !pattern.Negated;
            }
        }

        return excluded;
    }

    /// <summary>
    /// For a path listed by git: true when the file, or any folder above it, is skipped or excluded.
    /// As in git, a file cannot be re-included when a folder above it is excluded.
    /// </summary>
    public bool IsPathExcluded(string relativePath, out bool bySkippedDirectory)
    {
        bySkippedDirectory = false;
        int slash = relativePath.LastIndexOf('/');
        if (slash > 0 && DirectoryExcluded(relativePath.Substring(0, slash), out bySkippedDirectory))
        {
            return true;
        }

        return IsExcluded(relativePath, false);
    }

    private bool DirectoryExcluded(string directory, out bool bySkippedDirectory)
    {
        bySkippedDirectory = false;
        int parentSlash = directory.LastIndexOf('/');
        string name = parentSlash >= 0 ? directory.Substring(parentSlash + 1) : directory;
        if (IsSkippedDirectoryName(name))
        {
            bySkippedDirectory = true;
            return true;
        }

        if (parentSlash > 0 && DirectoryExcluded(directory.Substring(0, parentSlash), out bySkippedDirectory))
        {
            return true;
        }

        if (!_directoryVerdicts.TryGetValue(directory, out bool excluded))
        {
            excluded = IsExcluded(directory, true);
            _directoryVerdicts[directory] = excluded;
        }

        return excluded;
    }
}

/// <summary>One .gitignore-style pattern: <c>*</c>, <c>?</c>, <c>[…]</c>, <c>**</c>, a leading <c>!</c> (re-include), a trailing <c>/</c> (folders only), a <c>/</c> inside (anchored to the root).</summary>
internal sealed class IgnorePattern
{
    private static readonly bool s_ignoreCase = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    private readonly Regex _regex;

    private IgnorePattern(Regex regex, bool negated, bool directoryOnly, string text)
    {
        _regex = regex;
        Negated = negated;
        DirectoryOnly = directoryOnly;
        Text = text;
    }

    public bool Negated { get; }

    public bool DirectoryOnly { get; }

    public string Text { get; }

    /// <summary>Parses one line of an ignore file; null for a blank line or a comment.</summary>
    public static IgnorePattern? Parse(string line)
    {
        string text = line.TrimEnd('\r');
        if (!text.EndsWith("\\ ", StringComparison.Ordinal))
        {
            text = text.TrimEnd(' ', '\t');
        }

        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        bool negated = text[0] == '!';
        if (negated)
        {
            text = text.Substring(1);
        }
        else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
        {
            text = text.Substring(1);
        }

        bool directoryOnly = text.EndsWith("/", StringComparison.Ordinal);
        text = text.TrimEnd('/');
        bool anchored = text.IndexOf('/') >= 0;
        text = text.TrimStart('/');
        if (text.Length == 0)
        {
            return null;
        }

        string body = Translate(text);
        string pattern = anchored ? "^" + body + "$" : "^(?:.*/)?" + body + "$";
        RegexOptions options = RegexOptions.CultureInvariant | (s_ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new IgnorePattern(new Regex(pattern, options), negated, directoryOnly, line.Trim());
    }

    /// <summary>True when the pattern matches <paramref name="relativePath"/> ('/'-separated, relative to the root).</summary>
    public bool Matches(string relativePath, bool isDirectory) => (isDirectory || !DirectoryOnly) && _regex.IsMatch(relativePath);

    private static string Translate(string glob)
    {
        var regex = new StringBuilder();
        int i = 0;
        while (i < glob.Length)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool segmentStart = i == 0 || glob[i - 1] == '/';
                bool segmentEnd = i + 2 == glob.Length || glob[i + 2] == '/';
                if (segmentStart && segmentEnd)
                {
                    if (i + 2 == glob.Length)
                    {
                        regex.Append(".*");
                        i += 2;
                    }
                    else
                    {
                        regex.Append("(?:.*/)?");
                        i += 3;
                    }

                    continue;
                }

                regex.Append("[^/]*");
                i += 2;
                continue;
            }

            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    int close = glob.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        regex.Append("\\[");
                        break;
                    }

                    string set = glob.Substring(i + 1, close - i - 1);
                    if (set.StartsWith("!", StringComparison.Ordinal))
                    {
                        set = "^" + set.Substring(1);
                    }

                    regex.Append('[').Append(set.Replace("\\", "\\\\").Replace("[", "\\[")).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    regex.Append(Regex.Escape(glob[i + 1].ToString()));
                    i++;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }

            i++;
        }

        return regex.ToString();
    }
}
