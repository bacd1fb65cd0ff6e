using System;
using System.Collections.Generic;
using System.Text;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Mcp;

/// <summary>
/// Reads the JSON-RPC messages of a Streamable HTTP response body: one JSON object or batch (application/json), or
/// the <c>data</c> of Server-Sent Events (text/event-stream), bounded in the number of events.
/// </summary>
internal static class McpMessageReader
{
    /// <summary>The most SSE events read from one response; the rest are ignored.</summary>
    public const int MaxEvents = 200;

    public const string EventStreamMediaType = "text/event-stream";

    /// <summary>Reads the messages; <paramref name="problem"/> says why none (or not all) could be read.</summary>
    public static IReadOnlyList<JObject> Read(string? mediaType, string body, out string? problem)
    {
        problem = null;
        var messages = new List<JObject>();
        if (string.Equals(mediaType, EventStreamMediaType, StringComparison.OrdinalIgnoreCase))
        {
            foreach (string data in Events(body))
            {
                AddMessages(data, messages, ref problem);
            }

            return messages;
        }

        if (body.Trim().Length == 0)
        {
            problem = "the body is empty";
            return messages;
        }

        AddMessages(body, messages, ref problem);
        return messages;
    }

    /// <summary>Returns true when an SSE body already holds the JSON-RPC response with <paramref name="id"/> (the stream may stay open after it).</summary>
    public static bool HoldsResponse(string? mediaType, byte[] body, long id)
    {
        if (!string.Equals(mediaType, EventStreamMediaType, StringComparison.OrdinalIgnoreCase) || body.Length == 0)
        {
            return false;
        }

        foreach (string data in Events(Encoding.UTF8.GetString(body), completeOnly: true))
        {
            var messages = new List<JObject>();
            string? ignored = null;
            AddMessages(data, messages, ref ignored);
            foreach (JObject message in messages)
            {
                if (IsResponseTo(message, id))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="message"/> is a JSON-RPC response (result or error) to request <paramref name="id"/>.</summary>
    public static bool IsResponseTo(JObject message, long id) =>
        (message["result"] is not null || message["error"] is not null)
        && message["id"] is JValue value
        && (value.Type == JTokenType.Integer ? value.Value<long>() == id : string.Equals(value.ToString(), id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    /// <summary>The data of each SSE event (https://html.spec.whatwg.org/#event-stream-interpretation); comments and other fields are skipped.</summary>
    private static IEnumerable<string> Events(string body, bool completeOnly = false)
    {
        var data = new StringBuilder();
        bool hasData = false;
        int events = 0;
        int start = 0;
        while (start < body.Length && events < MaxEvents)
        {
            int end = body.IndexOfAny(new[] { '\r', '\n' }, start);
            if (end < 0)
            {
                // The last line has no terminator: an open stream's partial line, or a body that ends without one.
                if (!completeOnly)
                {
                    AppendField(body.Substring(start), data, ref hasData);
                }

                break;
            }

            string line = body.Substring(start, end - start);
            start = end + (body[end] == '\r' && end + 1 < body.Length && body[end + 1] == '\n' ? 2 : 1);
            if (line.Length == 0)
            {
                if (hasData)
                {
                    events++;
                    yield return data.ToString();
                }

                data.Clear();
                hasData = false;
                continue;
            }

            AppendField(line, data, ref hasData);
        }

        if (hasData && !completeOnly && events < MaxEvents)
        {
            yield return data.ToString();
        }
    }

    private static void AppendField(string line, StringBuilder data, ref bool hasData)
    {
        if (line.StartsWith(":", StringComparison.Ordinal))
        {
            return; // a comment (keep-alive)
        }

        int colon = line.IndexOf(':');
        string field = colon < 0 ? line : line.Substring(0, colon);
        if (field != "data")
        {
            return;
        }

        string value = colon < 0 ? string.Empty : line.Substring(colon + 1);
        if (value.StartsWith(" ", StringComparison.Ordinal))
        {
            value = value.Substring(1);
        }

        if (hasData)
        {
            data.Append('\n');
        }

        data.Append(value);
        hasData = true;
    }

    private static void AddMessages(string json, List<JObject> messages, ref string? problem)
    {
        if (json.Trim().Length == 0)
        {
            return; // SSE priming events carry an empty data field
        }

        JToken? token = JsonDocumentReader.TryParse(json, out string? parseError);
        switch (token)
        {
            case JObject message:
                messages.Add(message);
                break;
            case JArray batch:
                foreach (JToken item in batch)
                {
                    if (item is JObject member)
                    {
                        messages.Add(member);
                    }
                }

                break;
            default:
                problem ??= token is null ? "the body is not JSON (" + parseError + ")" : "the body is a JSON " + token.Type.ToString().ToLowerInvariant() + ", not a JSON-RPC message";
                break;
        }
    }
}
