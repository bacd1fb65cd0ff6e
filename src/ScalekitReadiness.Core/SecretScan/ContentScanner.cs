using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
#if NET8_0_OR_GREATER
using Microsoft.Win32.SafeHandles;
#endif

namespace ScalekitReadiness.SecretScan;

/// <summary>What happened to one file.</summary>
internal enum FileScanOutcome
{
    Scanned,
    Binary,
    Unreadable,
}

/// <summary>
/// Scans file contents for SK-QC-030, one instance per worker thread (it owns a pooled buffer). Files are read as
/// bytes in line-aligned chunks; cheap vectorised literal searches (<c>whsec_</c>, <c>eyJ</c>, <c>PRIVATE KEY</c>,
/// <c>ecret</c>/<c>ECRET</c>, <c>calekit</c>) pick the few candidate lines, and only those are decoded and handed
/// to <see cref="SecretLineMatcher"/>. Lines are counted only up to the last candidate.
/// </summary>
internal sealed class ContentScanner : IDisposable
{
    /// <summary>A file with a NUL byte in its first 8 KiB is binary (git uses the same rule).</summary>
    public const int BinaryProbeBytes = 8 * 1024;

    private const int InitialBufferBytes = 1024 * 1024;
    private const int MaxBufferBytes = 16 * 1024 * 1024;

    // Longer lines (minified bundles) are judged in windows around each anchor rather than whole.
    private const int LongLineBytes = 16 * 1024;
    private const int WindowBefore = 2 * 1024;
    private const int WindowAfter = 8 * 1024;

    private static readonly byte[][] s_anchors =
    {
        Encoding.ASCII.GetBytes("whsec_"),
        Encoding.ASCII.GetBytes("eyJ"),
        Encoding.ASCII.GetBytes("PRIVATE KEY"),
        Encoding.ASCII.GetBytes("ecret"),
        Encoding.ASCII.GetBytes("ECRET"),
        Encoding.ASCII.GetBytes("calekit"),
    };

    private readonly List<(int Start, int End)> _windows = new();
    private readonly List<LineMatch> _matches = new();
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);

    /// <summary>Gets the findings of every file this scanner read.</summary>
    public List<SecretFinding> Findings { get; } = new();

    /// <summary>Gets how many bytes this scanner read.</summary>
    public long BytesRead { get; private set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = Array.Empty<byte>();
    }

    /// <summary>Reads and scans one file.</summary>
    public FileScanOutcome ScanFile(string fullPath, string relativePath)
    {
        bool configFile = IsConfigFile(relativePath);
        try
        {
            using var reader = new FileReader(fullPath);
            int dataEnd = 0;
            bool eof = false;
            bool first = true;
            var lines = new LineCounter(null);
            while (true)
            {
                while (!eof && dataEnd < _buffer.Length)
                {
                    int read = reader.Read(_buffer, dataEnd, _buffer.Length - dataEnd);
                    dataEnd += read;
                    BytesRead += read;

                    // The length known at open saves the extra read that would return 0.
                    eof = read == 0 || reader.Position >= reader.Length;
                }

                if (first)
                {
                    first = false;
                    if (new ReadOnlySpan<byte>(_buffer, 0, Math.Min(dataEnd, BinaryProbeBytes)).IndexOf((byte)0) >= 0)
                    {
                        return FileScanOutcome.Binary;
                    }
                }

                int processEnd = eof ? dataEnd : ChunkEnd(dataEnd);
                if (processEnd < 0)
                {
                    Grow(dataEnd);
                    continue;
                }

                ScanChunk(processEnd, dataEnd, ref lines, relativePath, configFile, null);
                if (eof)
                {
                    return FileScanOutcome.Scanned;
                }

                lines.Advance(_buffer, processEnd);
                Buffer.BlockCopy(_buffer, processEnd, _buffer, 0, dataEnd - processEnd);
                dataEnd -= processEnd;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return FileScanOutcome.Unreadable;
        }
    }

    /// <summary>
    /// Scans lines that are not a file (the added lines of one file in one commit); <paramref name="lineNumbers"/>
    /// maps each line of <paramref name="buffer"/> to its line in the file.
    /// </summary>
    public void ScanLines(byte[] buffer, int length, IReadOnlyList<int> lineNumbers, string relativePath, string commit)
    {
        byte[] own = _buffer;
        _buffer = buffer;
        try
        {
            var lines = new LineCounter(lineNumbers);
            ScanChunk(length, length, ref lines, relativePath, IsConfigFile(relativePath), commit);
        }
        finally
        {
            _buffer = own;
        }
    }

    /// <summary>True for files in which an unquoted value after '=' or ':' is a literal (dotenv, YAML, properties, shell).</summary>
    internal static bool IsConfigFile(string relativePath)
    {
        int slash = relativePath.LastIndexOf('/');
        string name = slash >= 0 ? relativePath.Substring(slash + 1) : relativePath;
        if (name.StartsWith(".env", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".env", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string extension = Path.GetExtension(name);
        switch (extension.ToLowerInvariant())
        {
            case ".yml":
            case ".yaml":
            case ".properties":
            case ".ini":
            case ".cfg":
            case ".conf":
            case ".sh":
            case ".bash":
            case ".zsh":
            case ".envrc":
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Where the scannable part of a partial buffer ends: after the second-to-last line break, so that every
    /// scanned line has its next line in the buffer (a PEM body follows its header). -1 when the buffer must grow.
    /// </summary>
    private int ChunkEnd(int dataEnd)
    {
        var data = new ReadOnlySpan<byte>(_buffer, 0, dataEnd);
        int last = data.LastIndexOf((byte)'\n');
        int previous = last > 0 ? data.Slice(0, last).LastIndexOf((byte)'\n') : -1;
        if (previous >= 0)
        {
            return previous + 1;
        }

        return _buffer.Length < MaxBufferBytes ? -1 : dataEnd;
    }

    private void Grow(int dataEnd)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, dataEnd);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void ScanChunk(int processEnd, int dataEnd, ref LineCounter lines, string relativePath, bool configFile, string? commit)
    {
        byte[] buffer = _buffer;
        var data = new ReadOnlySpan<byte>(buffer, 0, dataEnd);
        _windows.Clear();
        foreach (byte[] anchor in s_anchors)
        {
            int position = 0;
            while (position < processEnd)
            {
                int found = data.Slice(position, processEnd - position).IndexOf(anchor);
                if (found < 0)
                {
                    break;
                }

                int at = position + found;
                int floor = Math.Max(0, at - LongLineBytes);
                int back = data.Slice(floor, at - floor).LastIndexOf((byte)'\n');
                int start = back >= 0 ? floor + back + 1 : floor == 0 ? 0 : at - WindowBefore;
                int ceiling = Math.Min(dataEnd, at + LongLineBytes);
                int forward = data.Slice(at, ceiling - at).IndexOf((byte)'\n');
                int end = forward >= 0 ? at + forward : ceiling == dataEnd ? dataEnd : Math.Min(dataEnd, at + WindowAfter);
                _windows.Add((start, end));
                position = Math.Max(end, at + 1);
            }
        }

        if (_windows.Count == 0)
        {
            return;
        }

        _windows.Sort((a, b) => a.Start.CompareTo(b.Start));
        int index = 0;
        while (index < _windows.Count)
        {
            (int start, int end) = _windows[index++];
            while (index < _windows.Count && _windows[index].Start <= end)
            {
                end = Math.Max(end, _windows[index++].End);
            }

            int lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
            string line = Encoding.UTF8.GetString(buffer, start, lineEnd - start);
            _matches.Clear();
            SecretLineMatcher.Match(line, configFile, buffer, Math.Min(end + 1, dataEnd), dataEnd, _matches);
            if (_matches.Count == 0)
            {
                continue;
            }

            int lineNumber = lines.LineAt(buffer, start);
            foreach (LineMatch match in _matches)
            {
                Findings.Add(new SecretFinding(relativePath, lineNumber, match.Rule, match.Masked, match.Secret, commit));
            }
        }
    }

    /// <summary>Counts line breaks lazily: only up to the lines that hold a finding.</summary>
    private struct LineCounter
    {
        private readonly IReadOnlyList<int>? _map;
        private int _countedTo;
        private int _line;

        public LineCounter(IReadOnlyList<int>? map)
        {
            _map = map;
            _countedTo = 0;
            _line = 0;
        }

        /// <summary>Returns the 1-based line of the byte at <paramref name="offset"/> (offsets never go backwards).</summary>
        public int LineAt(byte[] buffer, int offset)
        {
            _line += CountLineBreaks(new ReadOnlySpan<byte>(buffer, _countedTo, offset - _countedTo));
            _countedTo = offset;
            return _map is null ? _line + 1 : _map[Math.Min(_line, _map.Count - 1)];
        }

        /// <summary>Counts the rest of a chunk before its carried-over tail moves to the buffer's start.</summary>
        public void Advance(byte[] buffer, int chunkEnd)
        {
            _line += CountLineBreaks(new ReadOnlySpan<byte>(buffer, _countedTo, chunkEnd - _countedTo));
            _countedTo = 0;
        }

        private static int CountLineBreaks(ReadOnlySpan<byte> span)
        {
#if NET8_0_OR_GREATER
            return span.Count((byte)'\n');
#else
            int count = 0;
            int at;
            while ((at = span.IndexOf((byte)'\n')) >= 0)
            {
                count++;
                span = span.Slice(at + 1);
            }

            return count;
#endif
        }
    }

    /// <summary>An unbuffered sequential reader: the scanner has its own buffer.</summary>
    private sealed class FileReader : IDisposable
    {
#if NET8_0_OR_GREATER
        private readonly SafeFileHandle _handle;
        private long _offset;

        public FileReader(string path)
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
            Length = RandomAccess.GetLength(_handle);
        }

        public long Length { get; }

        public long Position => _offset;

        public int Read(byte[] buffer, int offset, int count)
        {
            int read = RandomAccess.Read(_handle, new Span<byte>(buffer, offset, count), _offset);
            _offset += read;
            return read;
        }

        public void Dispose() => _handle.Dispose();
#else
        private readonly FileStream _stream;

        public FileReader(string path)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }

        public long Length => _stream.Length;

        public long Position => _stream.Position;

        public int Read(byte[] buffer, int offset, int count) => _stream.Read(buffer, offset, count);

        public void Dispose() => _stream.Dispose();
#endif
    }
}
