using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace ScalekitReadiness.Tls;

/// <summary>
/// Builds a minimal TLS ClientHello for one protocol version, the way testssl.sh probes: the version in the
/// hello is the only one offered, so the server's ServerHello (or alert) says whether it accepts that version.
/// .NET cannot be asked to offer TLS 1.0 or 1.1 where the platform's TLS library forbids them (OpenSSL 3 on
/// most Linux distributions), so the bytes are written here and sent over a plain socket.
/// </summary>
internal static class TlsClientHello
{
    private const byte HandshakeContentType = 0x16;
    private const byte ClientHelloType = 0x01;

    // CBC suites every TLS 1.0/1.1 server knows (RFC 4492, RFC 5246 appendix A.5).
    private static readonly ushort[] s_legacySuites =
    {
        0xC014, 0xC013, 0xC00A, 0xC009, 0x0039, 0x0033, 0x0035, 0x002F, 0x000A,
    };

    // AEAD suites first, then the CBC ones, as a TLS 1.2 browser offers them.
    private static readonly ushort[] s_tls12Suites =
    {
        0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0x009C, 0x009D, 0xC009, 0xC013, 0xC00A, 0xC014, 0x002F, 0x0035,
    };

    // x25519, secp256r1, secp384r1.
    private static readonly ushort[] s_groups = { 0x001D, 0x0017, 0x0018 };

    // ecdsa/rsa-pss/rsa with SHA-256/384/512, then SHA-1 (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3).
    private static readonly ushort[] s_signatureAlgorithms =
    {
        0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201,
    };

    /// <summary>TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746): servers that demand secure renegotiation answer it.</summary>
    internal const ushort EmptyRenegotiationInfoScsv = 0x00FF;

    /// <summary>Returns the cipher suites offered with <paramref name="version"/>, in order.</summary>
    public static IReadOnlyList<ushort> CipherSuites(ushort version)
    {
        var suites = new List<ushort>(version >= TlsProtocolVersion.Tls12 ? s_tls12Suites : s_legacySuites)
        {
            EmptyRenegotiationInfoScsv,
        };
        return suites;
    }

    /// <summary>Builds one TLS record holding a ClientHello that offers only <paramref name="version"/>.</summary>
    /// <param name="version">TLS 1.0, 1.1 or 1.2 (<see cref="TlsProtocolVersion"/>); TLS 1.3 is negotiated differently and is not offered here.</param>
    /// <param name="serverName">The host name sent as SNI (RFC 6066 §3), or null for an IP literal (SNI carries names only).</param>
    /// <param name="random">The 32-byte client random, or null for a fresh one.</param>
    public static byte[] Build(ushort version, string? serverName, byte[]? random = null)
    {
        if (version < TlsProtocolVersion.Tls10 || version > TlsProtocolVersion.Tls12)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Only TLS 1.0, 1.1 and 1.2 ClientHellos are built.");
        }

        if (random is null)
        {
            random = new byte[32];
            using var generator = RandomNumberGenerator.Create();
            generator.GetBytes(random);
        }
        else if (random.Length != 32)
        {
            throw new ArgumentException("The client random is 32 bytes.", nameof(random));
        }

        var body = new List<byte>(256);
        AddUInt16(body, version);
        body.AddRange(random);
        body.Add(0); // no session id: a fresh handshake

        IReadOnlyList<ushort> suites = CipherSuites(version);
        AddUInt16(body, suites.Count * 2);
        foreach (ushort suite in suites)
        {
            AddUInt16(body, suite);
        }

        body.Add(1); // compression methods: null only
        body.Add(0);

        List<byte> extensions = Extensions(version, serverName);
        AddUInt16(body, extensions.Count);
        body.AddRange(extensions);

        var handshake = new List<byte>(body.Count + 4) { ClientHelloType };
        AddUInt24(handshake, body.Count);
        handshake.AddRange(body);

        // The record layer says TLS 1.0 whatever the offered version: some servers drop a first record with a
        // newer record version (RFC 5246 appendix E.1 allows any {03,XX} here).
        var record = new List<byte>(handshake.Count + 5) { HandshakeContentType };
        AddUInt16(record, TlsProtocolVersion.Tls10);
        AddUInt16(record, handshake.Count);
        record.AddRange(handshake);
        return record.ToArray();
    }

    private static List<byte> Extensions(ushort version, string? serverName)
    {
        var extensions = new List<byte>(128);
        if (!string.IsNullOrEmpty(serverName))
        {
            byte[] name = Encoding.ASCII.GetBytes(serverName);
            var list = new List<byte>(name.Length + 5);
            AddUInt16(list, name.Length + 3);
            list.Add(0); // host_name
            AddUInt16(list, name.Length);
            list.AddRange(name);
            AddExtension(extensions, 0x0000, list);
        }

        var groups = new List<byte>();
        AddUInt16(groups, s_groups.Length * 2);
        foreach (ushort group in s_groups)
        {
            AddUInt16(groups, group);
        }

        AddExtension(extensions, 0x000A, groups);
        AddExtension(extensions, 0x000B, new List<byte> { 1, 0 }); // ec_point_formats: uncompressed

        if (version >= TlsProtocolVersion.Tls12)
        {
            // RFC 5246 §7.4.1.4.1: clients MUST NOT offer signature_algorithms with an earlier version.
            var algorithms = new List<byte>();
            AddUInt16(algorithms, s_signatureAlgorithms.Length * 2);
            foreach (ushort algorithm in s_signatureAlgorithms)
            {
                AddUInt16(algorithms, algorithm);
            }

            AddExtension(extensions, 0x000D, algorithms);
        }

        AddExtension(extensions, 0x0017, new List<byte>()); // extended_master_secret (RFC 7627)
        return extensions;
    }

    private static void AddExtension(List<byte> extensions, ushort type, List<byte> data)
    {
        AddUInt16(extensions, type);
        AddUInt16(extensions, data.Count);
        extensions.AddRange(data);
    }

    private static void AddUInt16(List<byte> bytes, int value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }

    private static void AddUInt24(List<byte> bytes, int value)
    {
        bytes.Add((byte)(value >> 16));
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }
}
