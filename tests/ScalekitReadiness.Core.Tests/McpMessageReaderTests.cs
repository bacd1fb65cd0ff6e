using System.Linq;
using System.Text;
using ScalekitReadiness.Mcp;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class McpMessageReaderTests
{
    [Fact]
    public void ReadsAPlainJsonResponse()
    {
        var messages = McpMessageReader.Read("application/json", "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[]}}", out string? problem);

        Assert.Null(problem);
        Assert.True(McpMessageReader.IsResponseTo(messages.Single(), 3));
        Assert.False(McpMessageReader.IsResponseTo(messages.Single(), 4));
    }

    [Fact]
    public void ReadsSseEventsSkippingCommentsPrimingEventsAndOtherFields()
    {
        string body = ": keep-alive\r\n\r\nid: 1\r\ndata:\r\n\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\r\ndata: \"params\":{}}\r\n\r\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\"}}\n\n";

        var messages = McpMessageReader.Read("text/event-stream", body, out string? problem);

        Assert.Null(problem);
        Assert.Equal(2, messages.Count);
        Assert.Equal("notifications/progress", (string?)messages[0]["method"]);
        Assert.Equal("2025-06-18", (string?)messages[1]["result"]!["protocolVersion"]);
    }

    [Fact]
    public void SaysWhyABodyIsNotJsonRpc()
    {
        McpMessageReader.Read("application/json", "<html>Cannot POST</html>", out string? notJson);
        McpMessageReader.Read("application/json", "[1,2]", out string? _);
        McpMessageReader.Read("application/json", "\"text\"", out string? notObject);

        Assert.StartsWith("the body is not JSON", notJson);
        Assert.Equal("the body is a JSON string, not a JSON-RPC message", notObject);
    }

    [Fact]
    public void KnowsWhenAnOpenStreamAlreadyHoldsTheResponse()
    {
        byte[] progressOnly = Encoding.UTF8.GetBytes("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n");
        byte[] partial = Encoding.UTF8.GetBytes("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
        byte[] complete = Encoding.UTF8.GetBytes("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n");

        Assert.False(McpMessageReader.HoldsResponse("text/event-stream", progressOnly, 7));
        Assert.False(McpMessageReader.HoldsResponse("text/event-stream", partial, 7));
        Assert.True(McpMessageReader.HoldsResponse("text/event-stream", complete, 7));
        Assert.False(McpMessageReader.HoldsResponse("text/event-stream", complete, 8));
        Assert.False(McpMessageReader.HoldsResponse("application/json", complete, 7));
    }

    [Fact]
    public void StopsAfterTheEventBound()
    {
        string body = string.Concat(Enumerable.Repeat("data: {\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n\n", McpMessageReader.MaxEvents + 50));

        Assert.Equal(McpMessageReader.MaxEvents, McpMessageReader.Read("text/event-stream", body, out _).Count);
    }
}
