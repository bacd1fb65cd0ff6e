using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;

namespace ScalekitReadiness.SecretScan;

/// <summary>A file git lists under the scanned folder.</summary>
internal readonly struct GitFile
{
    public GitFile(string relativePath, bool tracked)
    {
        RelativePath = relativePath;
        Tracked = tracked;
    }

    /// <summary>Gets the path relative to the scanned folder, '/'-separated.</summary>
    public string RelativePath { get; }

    /// <summary>Gets a value indicating whether git tracks the file (false: untracked and not ignored).</summary>
    public bool Tracked { get; }
}

/// <summary>
/// Read-only questions to git, asked by running the git executable in the scanned folder. Every call neutralises
/// configuration that could run commands or change the output (fsmonitor hooks, pagers, external diff, colour,
/// diff prefixes) and takes no optional locks, so scanning never changes the repository.
/// </summary>
internal sealed class GitRepository
{
    private const string SafeOptions = "-c core.fsmonitor=false -c core.quotepath=off -c color.ui=never ";

    private readonly string _directory;

    private GitRepository(string directory, string topLevel)
    {
        _directory = directory;
        TopLevel = topLevel;
    }

    /// <summary>Gets the root of the work tree that holds the scanned folder.</summary>
    public string TopLevel { get; }

    /// <summary>Opens the repository whose work tree holds <paramref name="directory"/>; null (with the reason) when there is none.</summary>
    public static GitRepository? TryOpen(string directory, CancellationToken cancellationToken, out string note)
    {
        string? topLevel = null;
        int exit;
        string error;
        try
        {
            exit = Run(directory, "rev-parse --show-toplevel", s => topLevel = new StreamReader(s, Encoding.UTF8).ReadToEnd().Trim(), out error, cancellationToken);
        }
        catch (Win32Exception)
        {
            note = "git is not installed (not found on PATH)";
            return null;
        }

        if (exit != 0 || string.IsNullOrEmpty(topLevel))
        {
            string first = FirstLine(error);
            note = first.IndexOf("not a git repository", StringComparison.OrdinalIgnoreCase) >= 0
                ? "not a git repository"
                : "git could not read the repository (" + first + ")";
            return null;
        }

        note = "git repository " + topLevel;
        return new GitRepository(directory, topLevel!);
    }

    /// <summary>Lists tracked files, then untracked files git does not ignore: what is or can be committed.</summary>
    public List<GitFile> ListFiles(CancellationToken cancellationToken)
    {
        var files = new List<GitFile>();
        foreach (bool tracked in new[] { true, false })
        {
            string arguments = tracked ? "ls-files -z --cached" : "ls-files -z --others --exclude-standard";
            int exit = Run(_directory, arguments, s => ReadNulSeparated(s, files, tracked), out string error, cancellationToken);
            if (exit != 0)
            {
                throw new IOException("git " + arguments + " failed: " + FirstLine(error));
            }
        }

        return files;
    }

    /// <summary>Returns the committer date of the last commit that touched <paramref name="path"/>, or null when none did.</summary>
    public DateTimeOffset? LastCommitDate(string path, CancellationToken cancellationToken)
    {
        string? output = null;
        int exit = Run(_directory, "log -1 --format=%cI -- \"" + path.Replace("\"", "\\\"") + "\"", s => output = new StreamReader(s, Encoding.UTF8).ReadToEnd().Trim(), out _, cancellationToken);
        return exit == 0 && DateTimeOffset.TryParse(output, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset date) ? date : null;
    }

    /// <summary>Asks which ignore rule, if any, covers <paramref name="relativePath"/> (<c>git check-ignore -v --no-index</c>).</summary>
    /// <returns>The matching rule as <c>source:line:pattern</c>, or null when no rule matches.</returns>
    public string? IgnoreRuleFor(string relativePath, CancellationToken cancellationToken)
    {
        string? output = null;
        int exit = Run(_directory, "check-ignore -v --no-index -- " + relativePath, s => output = new StreamReader(s, Encoding.UTF8).ReadToEnd(), out string error, cancellationToken);
        if (exit > 1)
        {
            throw new IOException("git check-ignore failed: " + FirstLine(error));
        }

        // "<source>:<line>:<pattern>\t<path>"; a negated pattern ("!.env") is reported too, with exit code 0.
        int tab = output?.IndexOf('\t') ?? -1;
        return exit == 0 && tab > 0 ? output!.Substring(0, tab) : null;
    }

    /// <summary>
    /// Streams <c>git log -p --all</c> and hands over, per file per commit, the added lines with their line numbers.
    /// </summary>
    /// <returns>How many commits were read.</returns>
    public int ReadHistory(Action<string, string, byte[], int, List<int>> onAddedLines, CancellationToken cancellationToken)
    {
        var parser = new HistoryParser(onAddedLines);
        int exit = Run(
            _directory,
            "log -p --all --relative --no-color --no-ext-diff --no-textconv --no-show-signature --unified=0 --src-prefix=a/ --dst-prefix=b/ --format=commit:%H",
            parser.Read,
            out string error,
            cancellationToken);
        if (exit != 0)
        {
            throw new IOException("git log failed: " + FirstLine(error));
        }

        return parser.Commits;
    }

    private static int Run(string workingDirectory, string arguments, Action<Stream> readOutput, out string error, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git", SafeOptions + arguments)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["LC_ALL"] = "C";

        using Process process = Process.Start(start) ?? throw new Win32Exception("git did not start");
        process.StandardInput.Close();
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        using (cancellationToken.Register(() => Kill(process)))
        {
            try
            {
                readOutput(process.StandardOutput.BaseStream);
                process.StandardOutput.BaseStream.CopyTo(Stream.Null);
            }
            catch
            {
                // A git blocked on a full pipe would outlive the scan.
                Kill(process);
                throw;
            }

            process.WaitForExit();
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (errors)
        {
            error = errors.ToString();
        }

        return process.ExitCode;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already exited.
        }
    }

    private static void ReadNulSeparated(Stream stream, List<GitFile> files, bool tracked)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        byte[] bytes = memory.GetBuffer();
        int length = (int)memory.Length;
        int start = 0;
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] == 0)
            {
                if (i > start)
                {
                    files.Add(new GitFile(Encoding.UTF8.GetString(bytes, start, i - start), tracked));
                }

                start = i + 1;
            }
        }
    }

    private static string FirstLine(string text)
    {
        string trimmed = text.Trim();
        int newline = trimmed.IndexOf('\n');
        return newline >= 0 ? trimmed.Substring(0, newline).Trim() : trimmed;
    }

    /// <summary>Parses <c>git log -p --unified=0</c> output, counting hunk lines so content is never taken for a header.</summary>
    private sealed class HistoryParser
    {
        private const int FlushBytes = 4 * 1024 * 1024;

        private readonly Action<string, string, byte[], int, List<int>> _onAddedLines;
        private readonly List<int> _lineNumbers = new();
        private byte[] _added = new byte[64 * 1024];
        private int _addedLength;
        private string _commit = string.Empty;
        private string? _path;
        private int _nextLine;
        private int _removedLeft;
        private int _addedLeft;

        public HistoryParser(Action<string, string, byte[], int, List<int>> onAddedLines)
        {
            _onAddedLines = onAddedLines;
        }

        public int Commits { get; private set; }

        public void Read(Stream stream)
        {
            byte[] buffer = new byte[256 * 1024];
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                int read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    if (length > 0)
                    {
                        Line(new ReadOnlySpan<byte>(buffer, 0, length));
                    }

                    Flush();
                    return;
                }

                length += read;
                int start = 0;
                while (true)
                {
                    int newline = new ReadOnlySpan<byte>(buffer, start, length - start).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    Line(new ReadOnlySpan<byte>(buffer, start, newline));
                    start += newline + 1;
                }

                Buffer.BlockCopy(buffer, start, buffer, 0, length - start);
                length -= start;
            }
        }

        private static bool StartsWith(ReadOnlySpan<byte> line, string prefix)
        {
            if (line.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (line[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static string Text(ReadOnlySpan<byte> span) => Encoding.UTF8.GetString(span.ToArray());

        private static int ParseCount(string text, int start, out int count)
        {
            int end = start;
            while (end < text.Length && char.IsDigit(text[end]))
            {
                end++;
            }

            int value = int.Parse(text.Substring(start, end - start), CultureInfo.InvariantCulture);
            count = 1;
            if (end < text.Length && text[end] == ',')
            {
                int countEnd = end + 1;
                while (countEnd < text.Length && char.IsDigit(text[countEnd]))
                {
                    countEnd++;
                }

                count = int.Parse(text.Substring(end + 1, countEnd - end - 1), CultureInfo.InvariantCulture);
                end = countEnd;
            }

            return value;
        }

        // "b/path", or "\"b/p\\303\\251\"" when git quotes a name with special characters.
        private static string? PathOf(string text)
        {
            if (text == "/dev/null")
            {
                return null;
            }

            if (text.Length >= 2 && text[0] == '"' && text[text.Length - 1] == '"')
            {
                var bytes = new List<byte>();
                for (int i = 1; i < text.Length - 1; i++)
                {
                    char c = text[i];
                    if (c == '\\' && i + 1 < text.Length - 1)
                    {
                        char next = text[++i];
                        if (next >= '0' && next <= '7' && i + 2 < text.Length - 1)
                        {
                            bytes.Add((byte)Convert.ToInt32(text.Substring(i, 3), 8));
                            i += 2;
                        }
                        else
                        {
                            bytes.Add((byte)(next switch { 't' => '\t', 'n' => '\n', _ => next }));
                        }
                    }
                    else
                    {
                        bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                    }
                }

                text = Encoding.UTF8.GetString(bytes.ToArray());
            }

            return text.StartsWith("b/", StringComparison.Ordinal) ? text.Substring(2) : text;
        }

        private void Line(ReadOnlySpan<byte> line)
        {
            if (_removedLeft + _addedLeft > 0)
            {
                if (line.Length > 0 && line[0] == (byte)'+' && _addedLeft > 0)
                {
                    _addedLeft--;
                    Append(line.Slice(1));
                    return;
                }

                if (line.Length > 0 && line[0] == (byte)'-' && _removedLeft > 0)
                {
                    _removedLeft--;
                    return;
                }

                if (line.Length > 0 && line[0] == (byte)'\\')
                {
                    return;
                }

                _removedLeft = _addedLeft = 0;
            }

            if (StartsWith(line, "commit:"))
            {
                Flush();
                _commit = Text(line.Slice(7)).Trim();
                _path = null;
                Commits++;
            }
            else if (StartsWith(line, "diff --git "))
            {
                Flush();
                _path = null;
            }
            else if (StartsWith(line, "+++ "))
            {
                _path = PathOf(Text(line.Slice(4)).TrimEnd('\r'));
            }
            else if (StartsWith(line, "@@ "))
            {
                string header = Text(line);
                int minus = header.IndexOf(" -", StringComparison.Ordinal);
                int plus = header.IndexOf(" +", StringComparison.Ordinal);
                if (minus >= 0 && plus > minus)
                {
                    ParseCount(header, minus + 2, out _removedLeft);
                    _nextLine = ParseCount(header, plus + 2, out _addedLeft);
                }
            }
        }

        private void Append(ReadOnlySpan<byte> content)
        {
            if (_path is null)
            {
                return;
            }

            if (_addedLength + content.Length + 1 > _added.Length)
            {
                if (_addedLength > 0 && _addedLength + content.Length + 1 > FlushBytes)
                {
                    Flush();
                }

                if (content.Length + 1 > _added.Length - _addedLength)
                {
                    Array.Resize(ref _added, Math.Max(_added.Length * 2, _addedLength + content.Length + 1));
                }
            }

            content.CopyTo(new Span<byte>(_added, _addedLength, content.Length));
            _addedLength += content.Length;
            _added[_addedLength++] = (byte)'\n';
            _lineNumbers.Add(_nextLine++);
        }

        private void Flush()
        {
            if (_addedLength > 0 && _path is not null)
            {
                _onAddedLines(_commit, _path, _added, _addedLength, _lineNumbers);
            }

            _addedLength = 0;
            _lineNumbers.Clear();
        }
    }
}
