using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ScalekitReadiness.Tls;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>The hand-built ClientHello, read back field by field as RFC 5246 §7.4.1.2 lays it out.</summary>
public sealed class TlsClientHelloTests
{
    [Theory]
    [InlineData(TlsProtocolVersion.Tls10)]
    [InlineData(TlsProtocolVersion.Tls11)]
    [InlineData(TlsProtocolVersion.Tls12)]
    public void IsOneHandshakeRecordOfferingOnlyTheGivenVersion(ushort version)
    {
        byte[] random = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        ParsedHello hello = ParsedHello.Read(TlsClientHello.Build(version, "auth.example.com", random));

        Assert.Equal(0x16, hello.ContentType);
        Assert.Equal(TlsProtocolVersion.Tls10, hello.RecordVersion);
        Assert.Equal(0x01, hello.HandshakeType);
        Assert.Equal(version, hello.ClientVersion);
        Assert.Equal(random, hello.Random);
        Assert.Empty(hello.SessionId);
        Assert.Equal(TlsClientHello.CipherSuites(version), hello.CipherSuites);
        Assert.Equal(TlsClientHello.EmptyRenegotiationInfoScsv, hello.CipherSuites[^1]);
        Assert.Equal(new byte[] { 0 }, hello.CompressionMethods);
        Assert.Equal("auth.example.com", hello.ServerName);
        // supported_versions would offer TLS 1.3 too; it must never be there.
        Assert.DoesNotContain((ushort)0x002B, hello.ExtensionTypes);
    }

    [Fact]
    public void LegacyHellosOfferOnlyCbcSuitesAndNoSignatureAlgorithms()
    {
        ParsedHello hello = ParsedHello.Read(TlsClientHello.Build(TlsProtocolVersion.Tls10, "auth.example.com"));

        Assert.Contains((ushort)0xC013, hello.CipherSuites);
        Assert.Contains((ushort)0x002F, hello.CipherSuites);
        Assert.DoesNotContain((ushort)0xC02F, hello.CipherSuites); // GCM exists only from TLS 1.2
        Assert.DoesNotContain((ushort)0x000D, hello.ExtensionTypes);
        Assert.Equal(new ushort[] { 0x0000, 0x000A, 0x000B, 0x0017 }, hello.ExtensionTypes);
    }

    [Fact]
    public void Tls12HelloOffersAeadSuitesAndSignatureAlgorithms()
    {
        ParsedHello hello = ParsedHello.Read(TlsClientHello.Build(TlsProtocolVersion.Tls12, null));

        Assert.Equal((ushort)0xC02B, hello.CipherSuites[0]);
        Assert.Contains((ushort)0x000D, hello.ExtensionTypes);
    }

    [Fact]
    public void AnIpLiteralGetsNoServerName()
    {
        ParsedHello hello = ParsedHello.Read(TlsClientHello.Build(TlsProtocolVersion.Tls10, null));

        Assert.Null(hello.ServerName);
        Assert.DoesNotContain((ushort)0x0000, hello.ExtensionTypes);
    }

    [Fact]
    public void EachHelloHasAFreshRandom()
    {
        ParsedHello a = ParsedHello.Read(TlsClientHello.Build(TlsProtocolVersion.Tls10, null));
        ParsedHello b = ParsedHello.Read(TlsClientHello.Build(TlsProtocolVersion.Tls10, null));

        Assert.NotEqual(a.Random, b.Random);
    }

    [Theory]
    [InlineData((ushort)0x0300)]
    [InlineData(TlsProtocolVersion.Tls13)]
    public void OnlyTls10To12AreBuilt(ushort version)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TlsClientHello.Build(version, null));
    }

    [Fact]
    public void TheNamesOfTheVersionsAreTheUsualOnes()
    {
        Assert.Equal("TLS 1.0", TlsProtocolVersion.Name(0x0301));
        Assert.Equal("TLS 1.3", TlsProtocolVersion.Name(0x0304));
        Assert.Equal("SSL 3.0", TlsProtocolVersion.Name(0x0300));
        Assert.Equal("0x7F17", TlsProtocolVersion.Name(0x7F17));
    }

    /// <summary>A strict reader: every length must add up exactly, or it throws.</summary>
    private sealed class ParsedHello
    {
        public byte ContentType { get; private set; }

        public ushort RecordVersion { get; private set; }

        public byte HandshakeType { get; private set; }

        public ushort ClientVersion { get; private set; }

        public byte[] Random { get; private set; } = Array.Empty<byte>();

        public byte[] SessionId { get; private set; } = Array.Empty<byte>();

        public List<ushort> CipherSuites { get; } = new();

        public byte[] CompressionMethods { get; private set; } = Array.Empty<byte>();

        public List<ushort> ExtensionTypes { get; } = new();

        public string? ServerName { get; private set; }

        public static ParsedHello Read(byte[] record)
        {
            var hello = new ParsedHello();
            var reader = new Reader(record);
            hello.ContentType = reader.Byte();
            hello.RecordVersion = reader.UInt16();
            Assert.Equal(record.Length - 5, reader.UInt16());
            hello.HandshakeType = reader.Byte();
            Assert.Equal(record.Length - 9, reader.UInt24());
            hello.ClientVersion = reader.UInt16();
            hello.Random = reader.Bytes(32);
            hello.SessionId = reader.Bytes(reader.Byte());
            int suites = reader.UInt16();
            Assert.Equal(0, suites % 2);
            for (int i = 0; i < suites / 2; i++)
            {
                hello.CipherSuites.Add(reader.UInt16());
            }

            hello.CompressionMethods = reader.Bytes(reader.Byte());
            int extensionsEnd = reader.UInt16() + reader.Position;
            Assert.Equal(record.Length, extensionsEnd);
            while (reader.Position < extensionsEnd)
            {
                ushort type = reader.UInt16();
                byte[] data = reader.Bytes(reader.UInt16());
                hello.ExtensionTypes.Add(type);
                if (type == 0x0000)
                {
                    var sni = new Reader(data);
                    Assert.Equal(data.Length - 2, sni.UInt16());
                    Assert.Equal(0, sni.Byte());
                    hello.ServerName = Encoding.ASCII.GetString(sni.Bytes(sni.UInt16()));
                    Assert.Equal(data.Length, sni.Position);
                }
            }

            Assert.Equal(record.Length, reader.Position);
            return hello;
        }
    }

    private sealed class Reader(byte[] data)
    {
        public int Position { get; private set; }

        public byte Byte() => data[Position++];

        public ushort UInt16() => (ushort)((Byte() << 8) | Byte());

        public int UInt24() => (Byte() << 16) | (Byte() << 8) | Byte();

        public byte[] Bytes(int count)
        {
            Assert.True(Position + count <= data.Length, "a length runs past the end of the record");
            byte[] bytes = data.AsSpan(Position, count).ToArray();
            Position += count;
            return bytes;
        }
    }
}
