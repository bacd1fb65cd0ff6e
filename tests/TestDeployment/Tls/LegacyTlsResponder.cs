using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;

namespace ScalekitReadiness.TestDeployment;

/// <summary>
/// Kestrel connection middleware placed in front of TLS on a listener with the tls10-accepted / tls11-accepted
/// faults. It reads the first record of each connection: a ClientHello offering one of the legacy versions is
/// answered with a ServerHello of that version, the way a server that still allows it begins its handshake;
/// anything else goes on to Kestrel's TLS unchanged. So the port accepts TLS 1.0/1.1 whatever the local
/// OpenSSL policy allows Kestrel to do (OpenSSL 3 here refuses both).
/// </summary>
/// <remarks>
/// The ClientHello is parsed here independently of the auditor's own TLS code, so the tests do not grade the
/// probe with its own parser.
/// </remarks>
internal sealed class LegacyTlsResponder
{
    public const ushort Tls10 = 0x0301;
    public const ushort Tls11 = 0x0302;

    private const int RecordHeaderLength = 5;
    private const int MaxRecordLength = 16384 + 2048;

    private readonly ConnectionDelegate _next;
    private readonly IReadOnlySet<ushort> _versions;

    public LegacyTlsResponder(ConnectionDelegate next, IReadOnlySet<ushort> versions)
    {
        _next = next;
        _versions = versions;
    }

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        PipeReader input = connection.Transport.Input;
        byte[] first;
        while (true)
        {
            ReadResult read = await input.ReadAsync(connection.ConnectionClosed);
            ReadOnlySequence<byte> buffer = read.Buffer;
            if (read.IsCompleted || buffer.Length >= FirstRecordLength(buffer))
            {
                first = buffer.ToArray();
                input.AdvanceTo(buffer.End);
                break;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }

        if (ClientHelloVersion(first) is ushort version && _versions.Contains(version))
        {
            byte[] serverHello = ServerHello(version, ChooseCipherSuite(first));
            await connection.Transport.Output.WriteAsync(serverHello, connection.ConnectionClosed);
            // The probe needs no more than the ServerHello; the connection ends here.
            return;
        }

        IDuplexPipe transport = connection.Transport;
        connection.Transport = new ReplayingDuplexPipe(first, transport);
        try
        {
            await _next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    }

    /// <summary>The length of the whole first record when its header is there, else the header length.</summary>
    private static long FirstRecordLength(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < RecordHeaderLength)
        {
            return RecordHeaderLength;
        }

        Span<byte> header = stackalloc byte[RecordHeaderLength];
        buffer.Slice(0, RecordHeaderLength).CopyTo(header);
        int length = (header[3] << 8) | header[4];
        // Not a handshake record, or an absurd length: decide on the header alone (it passes through).
        return header[0] != 0x16 || length > MaxRecordLength ? RecordHeaderLength : RecordHeaderLength + length;
    }

    /// <summary>The client_version of a ClientHello record, or null when the bytes are not one.</summary>
    private static ushort? ClientHelloVersion(byte[] record) =>
        record.Length >= 11 && record[0] == 0x16 && record[1] == 0x03 && record[5] == 0x01
            ? (ushort)((record[9] << 8) | record[10])
            : null;

    /// <summary>The first offered suite that is a real cipher suite (not a signalling value), as a server would pick.</summary>
    private static ushort ChooseCipherSuite(byte[] record)
    {
        // record(5) handshake header(4) client_version(2) random(32) session_id(1 + n) cipher_suites(2 + n)
        int at = RecordHeaderLength + 4 + 2 + 32;
        if (record.Length > at)
        {
            at += 1 + record[at];
            if (record.Length >= at + 2)
            {
                int length = (record[at] << 8) | record[at + 1];
                for (int i = at + 2; i + 1 < Math.Min(record.Length, at + 2 + length); i += 2)
                {
                    ushort suite = (ushort)((record[i] << 8) | record[i + 1]);
                    if (suite is not (0x00FF or 0x5600) && (suite & 0x0F0F) != 0x0A0A)
                    {
                        return suite;
                    }
                }
            }
        }

        return 0x002F; // TLS_RSA_WITH_AES_128_CBC_SHA, mandatory in TLS 1.0-1.2
    }

    private static byte[] ServerHello(ushort version, ushort cipherSuite)
    {
        var body = new List<byte> { (byte)(version >> 8), (byte)version };
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        body.Add(0); // no session id
        body.Add((byte)(cipherSuite >> 8));
        body.Add((byte)cipherSuite);
        body.Add(0); // null compression

        var record = new List<byte>
        {
            0x16, (byte)(version >> 8), (byte)version,
            (byte)((body.Count + 4) >> 8), (byte)(body.Count + 4),
            0x02, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count,
        };
        record.AddRange(body);
        return record.ToArray();
    }

    /// <summary>The connection's transport with the bytes already read put back in front of its input.</summary>
    private sealed class ReplayingDuplexPipe : IDuplexPipe
    {
        public ReplayingDuplexPipe(byte[] prefix, IDuplexPipe inner)
        {
            Input = PipeReader.Create(new ReplayStream(prefix, inner.Input.AsStream(leaveOpen: true)));
            Output = inner.Output;
        }

        public PipeReader Input { get; }

        public PipeWriter Output { get; }
    }

    /// <summary>A read-only stream that yields <c>prefix</c>, then the rest of <c>inner</c>.</summary>
    private sealed class ReplayStream(byte[] prefix, Stream inner) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                return CopyPrefix(buffer);
            }

            return inner.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < prefix.Length)
            {
                return ValueTask.FromResult(CopyPrefix(buffer.Span));
            }

            return inner.ReadAsync(buffer, cancellationToken);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int CopyPrefix(Span<byte> buffer)
        {
            int count = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}
