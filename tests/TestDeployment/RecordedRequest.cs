using System;
using System.Collections.Generic;

namespace ScalekitReadiness.TestDeployment;

/// <summary>One request as a recording listener (foreign host, laboratory) received it.</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(
        DateTimeOffset receivedAtUtc,
        string method,
        string pathAndQuery,
        IReadOnlyDictionary<string, string> headers,
        string body)
    {
        ReceivedAtUtc = receivedAtUtc;
        Method = method;
        PathAndQuery = pathAndQuery;
        Headers = headers;
        Body = body;
    }

    /// <summary>When the request arrived (UTC), taken before its body was read.</summary>
    public DateTimeOffset ReceivedAtUtc { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path and query string, as received (still URL-encoded).</summary>
    public string PathAndQuery { get; }

    /// <summary>
    /// All request headers, keyed case-insensitively; a header sent several times has its values joined with ", ".
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The request body decoded as UTF-8 (empty when there was none).</summary>
    public string Body { get; }
}
