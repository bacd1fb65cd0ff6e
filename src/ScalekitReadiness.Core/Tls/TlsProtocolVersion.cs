using System.Globalization;

namespace ScalekitReadiness.Tls;

/// <summary>The TLS protocol versions as they appear on the wire (ProtocolVersion, RFC 5246 §6.2.1).</summary>
internal static class TlsProtocolVersion
{
    public const ushort Tls10 = 0x0301;
    public const ushort Tls11 = 0x0302;
    public const ushort Tls12 = 0x0303;
    public const ushort Tls13 = 0x0304;

    /// <summary>Returns "TLS 1.0" for 0x0301 and so on; an unknown value is shown in hex.</summary>
    public static string Name(ushort version) => version switch
    {
        0x0300 => "SSL 3.0",
        Tls10 => "TLS 1.0",
        Tls11 => "TLS 1.1",
        Tls12 => "TLS 1.2",
        Tls13 => "TLS 1.3",
        _ => "0x" + version.ToString("X4", CultureInfo.InvariantCulture),
    };
}
