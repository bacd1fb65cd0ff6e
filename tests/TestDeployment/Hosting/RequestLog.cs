using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;

namespace ScalekitReadiness.TestDeployment;

/// <summary>A thread-safe, append-only record of the requests a listener received.</summary>
internal sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    /// <summary>A copy of the requests recorded so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return _requests.ToArray();
        }
    }

    /// <summary>
    /// Records the request, leaving its body readable again for the handler that runs next.
    /// </summary>
    public async Task RecordAsync(HttpContext context)
    {
        DateTimeOffset receivedAt = DateTimeOffset.UtcNow;
        HttpRequest request = context.Request;

        request.EnableBuffering();
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        request.Body.Position = 0;

        var headers = request.Headers.ToDictionary(
            header => header.Key,
            header => string.Join(", ", header.Value.ToArray()),
            StringComparer.OrdinalIgnoreCase);

        // The raw request target is exactly what the client sent, before any decoding.
        string? rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        string pathAndQuery = string.IsNullOrEmpty(rawTarget) ? request.GetEncodedPathAndQuery() : rawTarget;

        var recorded = new RecordedRequest(receivedAt, request.Method, pathAndQuery, headers, body);
        lock (_gate)
        {
            _requests.Add(recorded);
        }
    }
}
