using System;
using System.Linq;
using System.Text;
using ScalekitReadiness.Tls;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>Reading the server's first records after a ClientHello: what a TLS 1.0 probe must tell apart.</summary>
public sealed class TlsServerAnswerTests
{
    [Fact]
    public void AProtocolVersionAlertIsARefusal()
    {
        byte[] alert = { 0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46 };
        TlsServerAnswer answer = Parse(alert, endOfStream: false)!;

        Assert.Equal(TlsServerAnswerKind.Alert, answer.Kind);
        Assert.Equal((byte)70, answer.AlertDescription);
        Assert.Equal("alert protocol_version (70)", answer.Detail);
    }

    [Fact]
    public void AnUnknownAlertIsNamedByNumber()
    {
        TlsServerAnswer answer = Parse(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0xC8 }, endOfStream: false)!;

        Assert.Equal("alert alert 200", answer.Detail);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void AServerHelloGivesTheChosenVersionAndCipherSuite(int sessionIdLength)
    {
        TlsServerAnswer answer = Parse(ServerHello(0x0301, 0xC014, sessionIdLength), endOfStream: false)!;

        Assert.Equal(TlsServerAnswerKind.ServerHello, answer.Kind);
        Assert.Equal((ushort)0x0301, answer.Version);
        Assert.Equal((ushort)0xC014, answer.CipherSuite);
        Assert.Equal("ServerHello TLS 1.0, cipher suite 0xC014", answer.Detail);
    }

    [Fact]
    public void AServerHelloThatArrivesInPiecesIsReadWhenComplete()
    {
        byte[] hello = ServerHello(0x0302, 0x002F, 0);
        for (int length = 0; length < hello.Length; length++)
        {
            Assert.Null(TlsServerAnswer.Parse(hello, length, endOfStream: false));
        }

        Assert.Equal((ushort)0x0302, TlsServerAnswer.Parse(hello, hello.Length, endOfStream: false)!.Version);
    }

    [Fact]
    public void AServerHelloSplitAcrossTwoRecordsIsReassembled()
    {
        byte[] handshake = ServerHello(0x0303, 0xC02F, 0).Skip(5).ToArray();
        byte[] first = Record(0x16, handshake.Take(10).ToArray());
        byte[] second = Record(0x16, handshake.Skip(10).ToArray());
        TlsServerAnswer answer = Parse(first.Concat(second).ToArray(), endOfStream: false)!;

        Assert.Equal(TlsServerAnswerKind.ServerHello, answer.Kind);
        Assert.Equal((ushort)0x0303, answer.Version);
        Assert.Equal((ushort)0xC02F, answer.CipherSuite);
        Assert.Null(Parse(first, endOfStream: false));
    }

    [Fact]
    public void ANewerServerHelloStillReportsItsOwnVersion()
    {
        // A server that ignores the offer and answers TLS 1.2 to a TLS 1.0 hello: the check calls that a refusal.
        TlsServerAnswer answer = Parse(ServerHello(0x0303, 0xC02F, 0), endOfStream: false)!;

        Assert.Equal((ushort)0x0303, answer.Version);
    }

    [Fact]
    public void ClosingWithoutAWordIsClosed()
    {
        TlsServerAnswer answer = TlsServerAnswer.Parse(Array.Empty<byte>(), 0, endOfStream: true)!;

        Assert.Equal(TlsServerAnswerKind.Closed, answer.Kind);
        Assert.Equal("the server closed the connection without answering", answer.Detail);
    }

    [Fact]
    public void ClosingInTheMiddleOfARecordIsClosed()
    {
        byte[] hello = ServerHello(0x0301, 0xC014, 0);
        TlsServerAnswer answer = TlsServerAnswer.Parse(hello, 20, endOfStream: true)!;

        Assert.Equal(TlsServerAnswerKind.Closed, answer.Kind);
        Assert.Contains("after 20 bytes", answer.Detail);
    }

    [Fact]
    public void APlainHttpAnswerIsNotTls()
    {
        byte[] http = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n");
        TlsServerAnswer answer = Parse(http, endOfStream: false)!;

        Assert.Equal(TlsServerAnswerKind.NotTls, answer.Kind);
        Assert.Equal("not a TLS answer (first bytes 48 54 54 50 2f 31 2e 31)", answer.Detail);
    }

    [Fact]
    public void AnotherHandshakeMessageFirstIsUnexpected()
    {
        byte[] certificate = Record(0x16, new byte[] { 0x0B, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00 });
        TlsServerAnswer answer = Parse(certificate, endOfStream: false)!;

        Assert.Equal(TlsServerAnswerKind.Unexpected, answer.Kind);
        Assert.Equal("a handshake message of type 11 instead of a ServerHello", answer.Detail);
    }

    [Fact]
    public void ApplicationDataFirstIsUnexpected()
    {
        TlsServerAnswer answer = Parse(Record(0x17, new byte[] { 1, 2, 3 }), endOfStream: false)!;

        Assert.Equal(TlsServerAnswerKind.Unexpected, answer.Kind);
    }

    [Fact]
    public void AnAbsurdRecordLengthIsNotTls()
    {
        TlsServerAnswer answer = Parse(new byte[] { 0x16, 0x03, 0x01, 0xFF, 0xFF }, endOfStream: false)!;

        Assert.Equal(TlsServerAnswerKind.NotTls, answer.Kind);
    }

    private static TlsServerAnswer? Parse(byte[] bytes, bool endOfStream) => TlsServerAnswer.Parse(bytes, bytes.Length, endOfStream);

    private static byte[] ServerHello(ushort version, ushort suite, int sessionIdLength)
    {
        byte[] body = new byte[] { (byte)(version >> 8), (byte)version }
            .Concat(Enumerable.Repeat((byte)0xAB, 32))
            .Concat(new[] { (byte)sessionIdLength })
            .Concat(Enumerable.Repeat((byte)0xCD, sessionIdLength))
            .Concat(new byte[] { (byte)(suite >> 8), (byte)suite, 0x00 })
            .ToArray();
        byte[] handshake = new byte[] { 0x02, 0x00, (byte)(body.Length >> 8), (byte)body.Length }.Concat(body).ToArray();
        return Record(0x16, handshake);
    }

    private static byte[] Record(byte contentType, byte[] fragment) =>
        new byte[] { contentType, 0x03, 0x01, (byte)(fragment.Length >> 8), (byte)fragment.Length }.Concat(fragment).ToArray();
}
