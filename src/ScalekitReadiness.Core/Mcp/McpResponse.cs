using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Mcp;

/// <summary>
/// One HTTP exchange with an MCP endpoint as the checks judge it: the raw response (every status and header), the
/// JSON-RPC response to the request (from plain JSON or SSE), any other messages, and the Bearer challenge.
/// </summary>
internal sealed class McpResponse
{
    internal McpResponse(string method, long? id, ProbeResponse http)
    {
        Method = method;
        Http = http;
        string? problem = null;
        Messages = http.Body.Length == 0 ? Array.Empty<JObject>() : McpMessageReader.Read(http.MediaType, http.BodyText, out problem);
        BodyProblem = http.BodyTruncated ? "the body is longer than the probe's cap and was cut"
            : Messages.Count == 0 && http.Body.Length > 0 ? problem ?? "the body holds no JSON-RPC message"
            : null;
        Message = id is long value
            ? Messages.FirstOrDefault(m => McpMessageReader.IsResponseTo(m, value))
            : null;

        // An error answer without an id (e.g. a transport-level rejection) still says why.
        Message ??= Messages.FirstOrDefault(m => m["error"] is JObject && (m["id"] is null || m["id"]!.Type == JTokenType.Null));
        Challenges = WwwAuthenticateParser.Parse(http.HeaderValues("WWW-Authenticate"));
    }

    /// <summary>Gets the JSON-RPC method (or <c>GET</c>/<c>DELETE</c> for the bodiless requests).</summary>
    public string Method { get; }

    /// <summary>Gets the HTTP response exactly as the probe saw it.</summary>
    public ProbeResponse Http { get; }

    public int StatusCode => Http.StatusCode;

    /// <summary>Gets every JSON-RPC message in the body, in order.</summary>
    public IReadOnlyList<JObject> Messages { get; }

    /// <summary>Gets the JSON-RPC response to this request (or an id-less error), or null.</summary>
    public JObject? Message { get; }

    /// <summary>Gets why the body could not be read as JSON-RPC, or null.</summary>
    public string? BodyProblem { get; }

    public JToken? Result => Message?["result"];

    public JObject? Error => Message?["error"] as JObject;

    /// <summary>Gets the JSON-RPC error code, or null.</summary>
    public long? ErrorCode => Error?["code"] is JValue { Type: JTokenType.Integer } code ? code.Value<long>() : null;

    public string? ErrorMessage => Error?["message"]?.Type == JTokenType.String ? (string?)Error["message"] : null;

    /// <summary>Gets the session id the server minted or echoed (<c>Mcp-Session-Id</c>), or null.</summary>
    public string? SessionId => Http.Header(McpClient.SessionIdHeader);

    public bool IsEventStream => Http.MediaType == McpMessageReader.EventStreamMediaType;

    /// <summary>Gets every challenge of the WWW-Authenticate headers.</summary>
    public IReadOnlyList<AuthChallenge> Challenges { get; }

    /// <summary>Gets the first Bearer challenge, or null.</summary>
    public AuthChallenge? BearerChallenge =>
        Challenges.FirstOrDefault(c => string.Equals(c.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase));

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Gets a 2xx with a JSON-RPC result (not an error).</summary>
    public bool HasResult => IsSuccess && Result is not null;

    /// <summary>Gets one line for evidence: the exchange, then the JSON-RPC outcome.</summary>
    public string Summary
    {
        get
        {
            string? outcome = Result is not null ? "result"
                : Error is not null ? "error " + (ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "?") + (ErrorMessage is null ? string.Empty : " " + Quote(ErrorMessage))
                : BodyProblem is not null && Http.Body.Length > 0 ? BodyProblem
                : null;
            return Method + ": " + Http.Exchange.Summary + (outcome is null ? string.Empty : " (" + outcome + ")");
        }
    }

    private static string Quote(string text) => "\"" + (text.Length <= 160 ? text : text.Substring(0, 160) + "…") + "\"";
}
