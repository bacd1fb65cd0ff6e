using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ScalekitReadiness.Tls;

/// <summary>What a server's first bytes after a ClientHello were.</summary>
internal enum TlsServerAnswerKind
{
    /// <summary>A ServerHello: <see cref="TlsServerAnswer.Version"/> is the version the server chose.</summary>
    ServerHello,

    /// <summary>A TLS alert, typically protocol_version (70) or handshake_failure (40).</summary>
    Alert,

    /// <summary>The server closed (or reset) the connection without a complete answer.</summary>
    Closed,

    /// <summary>The bytes are not TLS at all (a plain-HTTP server, another protocol).</summary>
    NotTls,

    /// <summary>TLS records, but not a ServerHello or an alert first.</summary>
    Unexpected,

    /// <summary>The server sent nothing within the timeout.</summary>
    Silent,
}

/// <summary>
/// The server's answer to a ClientHello, read from its first TLS records (RFC 5246 §6.2.1 record layer,
/// §7.2 alerts, §7.4.1.3 ServerHello). Only what decides whether the offered version was accepted is parsed.
/// </summary>
internal sealed class TlsServerAnswer
{
    private const int MaxRecordLength = 16384 + 2048;

    private static readonly Dictionary<byte, string> s_alertNames = new()
    {
        [0] = "close_notify",
        [10] = "unexpected_message",
        [20] = "bad_record_mac",
        [40] = "handshake_failure",
        [47] = "illegal_parameter",
        [50] = "decode_error",
        [70] = "protocol_version",
        [71] = "insufficient_security",
        [80] = "internal_error",
        [86] = "inappropriate_fallback",
        [90] = "user_canceled",
        [109] = "missing_extension",
        [112] = "unrecognized_name",
    };

    private TlsServerAnswer(TlsServerAnswerKind kind, string detail)
    {
        Kind = kind;
        Detail = detail;
    }

    public TlsServerAnswerKind Kind { get; }

    /// <summary>Gets the version of the ServerHello (for <see cref="TlsServerAnswerKind.ServerHello"/>).</summary>
    public ushort? Version { get; private set; }

    /// <summary>Gets the cipher suite the ServerHello chose.</summary>
    public ushort? CipherSuite { get; private set; }

    /// <summary>Gets the alert description code (for <see cref="TlsServerAnswerKind.Alert"/>).</summary>
    public byte? AlertDescription { get; private set; }

    /// <summary>Gets a short human description: "ServerHello TLS 1.0, cipher suite 0xC014", "alert protocol_version (70)"...</summary>
    public string Detail { get; }

    /// <summary>Returns the name of an alert description (RFC 5246 §7.2, RFC 8446 §6), or its number.</summary>
    public static string AlertName(byte description) =>
        s_alertNames.TryGetValue(description, out string? name)
            ? name + " (" + description.ToString(CultureInfo.InvariantCulture) + ")"
            : "alert " + description.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses the bytes received so far.</summary>
    /// <param name="data">The bytes, from the first byte the server sent.</param>
    /// <param name="length">How many bytes of <paramref name="data"/> were received.</param>
    /// <param name="endOfStream">True when the server closed the connection after these bytes.</param>
    /// <returns>The answer, or null when more bytes are needed to decide.</returns>
    public static TlsServerAnswer? Parse(byte[] data, int length, bool endOfStream)
    {
        var handshake = new List<byte>();
        int offset = 0;
        while (true)
        {
            if (length - offset < 5)
            {
                return EndOrMore(length, endOfStream);
            }

            byte contentType = data[offset];
            int recordLength = (data[offset + 3] << 8) | data[offset + 4];
            if (data[offset + 1] != 3 || contentType < 0x14 || contentType > 0x18 || recordLength > MaxRecordLength)
            {
                return new TlsServerAnswer(TlsServerAnswerKind.NotTls, "not a TLS answer (first bytes " + Hex(data, offset, length) + ")");
            }

            if (length - offset - 5 < recordLength)
            {
                return EndOrMore(length, endOfStream);
            }

            int body = offset + 5;
            offset = body + recordLength;
            switch (contentType)
            {
                case 0x15:
                    if (recordLength < 2)
                    {
                        return new TlsServerAnswer(TlsServerAnswerKind.Unexpected, "an empty alert record");
                    }

                    byte description = data[body + 1];
                    return new TlsServerAnswer(TlsServerAnswerKind.Alert, "alert " + AlertName(description)) { AlertDescription = description };
                case 0x16:
                    for (int i = body; i < offset; i++)
                    {
                        handshake.Add(data[i]);
                    }

                    TlsServerAnswer? hello = ServerHello(handshake);
                    if (hello is not null)
                    {
                        return hello;
                    }

                    continue;
                default:
                    return new TlsServerAnswer(
                        TlsServerAnswerKind.Unexpected,
                        "a record of content type " + contentType.ToString(CultureInfo.InvariantCulture) + " before any ServerHello");
            }
        }
    }

    /// <summary>The answer when the connection ended (or was reset) before these bytes made a decision.</summary>
    public static TlsServerAnswer Closed(string how) => new(TlsServerAnswerKind.Closed, how);

    /// <summary>The answer when nothing decisive arrived within the timeout.</summary>
    public static TlsServerAnswer Silent(string how) => new(TlsServerAnswerKind.Silent, how);

    private static TlsServerAnswer? EndOrMore(int length, bool endOfStream)
    {
        if (!endOfStream)
        {
            return null;
        }

        return Closed(length == 0
            ? "the server closed the connection without answering"
            : "the server closed the connection after " + length.ToString(CultureInfo.InvariantCulture) + " bytes, in the middle of its answer");
    }

    private static TlsServerAnswer? ServerHello(List<byte> handshake)
    {
        if (handshake.Count < 4)
        {
            return null;
        }

        if (handshake[0] != 0x02)
        {
            return new TlsServerAnswer(
                TlsServerAnswerKind.Unexpected,
                "a handshake message of type " + handshake[0].ToString(CultureInfo.InvariantCulture) + " instead of a ServerHello");
        }

        // type(1) length(3) server_version(2) random(32) session_id(1 + n) cipher_suite(2)
        const int SessionIdLength = 4 + 2 + 32;
        if (handshake.Count < SessionIdLength + 1)
        {
            return null;
        }

        int cipherAt = SessionIdLength + 1 + handshake[SessionIdLength];
        if (handshake.Count < cipherAt + 2)
        {
            return null;
        }

        ushort version = (ushort)((handshake[4] << 8) | handshake[5]);
        ushort suite = (ushort)((handshake[cipherAt] << 8) | handshake[cipherAt + 1]);
        return new TlsServerAnswer(
            TlsServerAnswerKind.ServerHello,
            "ServerHello " + TlsProtocolVersion.Name(version) + ", cipher suite 0x" + suite.ToString("X4", CultureInfo.InvariantCulture))
        {
            Version = version,
            CipherSuite = suite,
        };
    }

    private static string Hex(byte[] data, int offset, int length) =>
        string.Join(" ", data.Skip(offset).Take(System.Math.Min(8, length - offset)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
