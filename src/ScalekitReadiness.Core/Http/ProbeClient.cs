using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace ScalekitReadiness.Http;

/// <summary>
/// The one way the auditor talks to the network: no automatic redirects, a per-request timeout, bodies read
/// up to a cap, a per-host rate limit, 429 Retry-After honoured, the credential rule enforced, and every
/// exchange recorded with its secrets redacted.
/// </summary>
internal sealed class ProbeClient : IDisposable
{
    private const string ClientName = "ScalekitReadiness.Probe";
    private static readonly string s_userAgent =
        "ScalekitReadiness/" + typeof(ProbeClient).Assembly.GetName().Version?.ToString(3) + " (production-readiness audit)";

    private readonly ProbeClientOptions _options;
    private readonly Redactor _redactor;
    private readonly CertificateTrust _trust;
    private readonly ServiceProvider _services;
    private readonly IHttpClientFactory _factory;
    private readonly List<ProbeExchange> _exchanges = new();

    public ProbeClient(ProbeClientOptions options, Redactor redactor)
    {
        _options = options;
        _redactor = redactor;
        _trust = new CertificateTrust(options.TrustedCaPath, options.SkipCertificateCheck);

        var services = new ServiceCollection();
        services.AddHttpClient(ClientName, client =>
            {
                // The per-request token enforces the timeout; HttpClient's own would hide which one fired.
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(() => new HostRateLimitHandler(options.MaxRequestsPerSecond))
            .SetHandlerLifetime(System.Threading.Timeout.InfiniteTimeSpan);
        _services = services.BuildServiceProvider();
        _factory = _services.GetRequiredService<IHttpClientFactory>();
    }

    /// <summary>Raised for every exchange (for -Verbose); the exchange is already redacted.</summary>
    public event Action<ProbeExchange>? ExchangeRecorded;

    public ProbeClientOptions Options => _options;

    public Redactor Redactor => _redactor;

    /// <summary>Gets every exchange so far, in order.</summary>
    public IReadOnlyList<ProbeExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return _exchanges.ToArray();
            }
        }
    }

    public void Dispose() => _services.Dispose();

    /// <summary>Sends one request (no redirect is followed). A 429 is retried after its Retry-After.</summary>
    /// <exception cref="ProbeException">The request could not complete; the message says why and what to do.</exception>
    public async Task<ProbeResponse> SendAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        EnforceCredentialRule(request);
        for (int attempt = 0; ; attempt++)
        {
            ProbeResponse response = await SendOnceAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != 429)
            {
                return response;
            }

            TimeSpan? retryAfter = ParseRetryAfter(response.Header("Retry-After"));
            if (attempt >= _options.MaxRetries || retryAfter is null || retryAfter > _options.MaxRetryAfter)
            {
                return _options.RateLimitIsFailure ? throw RateLimited(request.Uri, attempt + 1, response.Header("Retry-After")) : response;
            }

            await Task.Delay(retryAfter.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a request and follows redirects explicitly, at most <see cref="ProbeClientOptions.MaxRedirects"/> hops.</summary>
    /// <returns>Every response in order; the last one is the final answer.</returns>
    /// <exception cref="ProbeException">A hop failed, or there were too many redirects.</exception>
    public async Task<IReadOnlyList<ProbeResponse>> SendFollowingRedirectsAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var hops = new List<ProbeResponse>();
        ProbeRequest current = request;
        while (true)
        {
            ProbeResponse response = await SendAsync(current, cancellationToken).ConfigureAwait(false);
            hops.Add(response);
            string? location = response.Header("Location");
            if (!response.IsRedirect || location is null)
            {
                return hops;
            }

            if (hops.Count > _options.MaxRedirects)
            {
                throw new ProbeException(
                    ProbeFailure.TooManyRedirects,
                    request.Uri,
                    $"{request.Uri} redirected more than {_options.MaxRedirects} times; the auditor stops there. Check the redirect rules of that endpoint (a loop?).");
            }

            if (!Uri.TryCreate(current.Uri, location, out Uri? target))
            {
                return hops;
            }

            bool sameAuthority = string.Equals(target.Authority, current.Uri.Authority, StringComparison.OrdinalIgnoreCase);
            if (current.CarriesCredential && !sameAuthority)
            {
                // A credential-bearing request is never replayed to another host; the caller sees the redirect.
                return hops;
            }

            bool keepMethod = response.StatusCode is 307 or 308;
            current = current.Redirected(target, keepMethod ? current.Method : HttpMethod.Get, keepMethod);
        }
    }

    private ProbeException RateLimited(Uri uri, int attempts, string? retryAfter)
    {
        string target = uri.Scheme + "://" + uri.Authority;
        string wait = retryAfter is null ? "without a Retry-After" : "with Retry-After: " + retryAfter;
        return new ProbeException(
            ProbeFailure.RateLimited,
            uri,
            $"{target} answered 429 Too Many Requests {attempts} time(s), last {wait}: it is rate-limiting the audit. Run it again later, or lower -MaxRequestsPerSecond (Safety.MaxRequestsPerSecond, now {_options.MaxRequestsPerSecond.ToString(CultureInfo.InvariantCulture)}/s).");
    }

    private void EnforceCredentialRule(ProbeRequest request)
    {
        if (request.CarriesCredential && !_options.CredentialAuthorities.Contains(request.Uri.Authority))
        {
            throw new ProbeException(
                ProbeFailure.CredentialRefused,
                request.Uri,
                $"Refused to send a credential to {request.Uri.Scheme}://{request.Uri.Authority}: credentials go only to the configured environment ({string.Join(", ", _options.CredentialAuthorities)}).");
        }
    }

    private async Task<ProbeResponse> SendOnceAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using HttpRequestMessage message = BuildMessage(request);
        HttpClient client = _factory.CreateClient(ClientName);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using HttpResponseMessage reply = await client
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (KeyValuePair<string, IEnumerable<string>> header in reply.Headers.Concat(reply.Content.Headers))
            {
                foreach (string value in header.Value)
                {
                    headers.Add(new KeyValuePair<string, string>(header.Key, value));
                }
            }

            string? mediaType = reply.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
            Func<byte[], bool>? complete = request.BodyComplete is { } test ? bytes => test(mediaType, bytes) : null;
            (byte[] body, bool truncated) = await ReadCappedAsync(reply.Content, complete, timeout.Token).ConfigureAwait(false);
            stopwatch.Stop();
            ProbeExchange exchange = Record(request, (int)reply.StatusCode, headers, body.LongLength, truncated, stopwatch.Elapsed, null);
            return new ProbeResponse(request.Uri, (int)reply.StatusCode, reply.ReasonPhrase ?? string.Empty, headers, body, truncated, stopwatch.Elapsed, exchange);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            stopwatch.Stop();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            ProbeException failure = Classify(request.Uri, ex);
            Record(request, null, Array.Empty<KeyValuePair<string, string>>(), 0, false, stopwatch.Elapsed, failure.Failure.ToString());
            throw failure;
        }
    }

    private static HttpRequestMessage BuildMessage(ProbeRequest request)
    {
        var message = new HttpRequestMessage(request.Method, request.Uri);
        message.Headers.TryAddWithoutValidation("User-Agent", s_userAgent);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.Remove("Content-Type");
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "text/plain; charset=utf-8");
        }

        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(header.Key, header.Value))
            {
                message.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return message;
    }

    private async Task<(byte[] Body, bool Truncated)> ReadCappedAsync(HttpContent content, Func<byte[], bool>? complete, CancellationToken cancellationToken)
    {
        if (complete is not null && complete(Array.Empty<byte>()))
        {
            return (Array.Empty<byte>(), false);
        }

        using Stream stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        long cap = _options.MaxBodyBytes;
        while (true)
        {
            int toRead = (int)Math.Min(chunk.Length, cap + 1 - buffer.Length);
            int read = await stream.ReadAsync(chunk, 0, toRead, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, read);
            if (complete is not null && buffer.Length <= cap && complete(buffer.ToArray()))
            {
                // An SSE stream may stay open after the awaited message; what was read is the whole answer.
                return (buffer.ToArray(), false);
            }

            if (buffer.Length > cap)
            {
                // Stop reading: the rest stays on the wire and the connection is dropped with the response.
                buffer.SetLength(cap);
                return (buffer.ToArray(), true);
            }
        }
    }

    private ProbeExchange Record(
        ProbeRequest request,
        int? status,
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders,
        long bodyBytes,
        bool truncated,
        TimeSpan elapsed,
        string? failure)
    {
        string? mediaType = responseHeaders
            .Where(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value.Split(';')[0].Trim().ToLowerInvariant())
            .FirstOrDefault();
        var exchange = new ProbeExchange(
            request.Method.Method,
            _redactor.Redact(request.Uri.AbsoluteUri),
            status,
            request.Headers.Select(RedactHeader).ToArray(),
            responseHeaders.Select(RedactHeader).ToArray(),
            bodyBytes,
            truncated,
            mediaType,
            elapsed,
            failure);
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }

        ExchangeRecorded?.Invoke(exchange);
        return exchange;
    }

    private KeyValuePair<string, string> RedactHeader(KeyValuePair<string, string> header)
    {
        string value = header.Key.ToLowerInvariant() switch
        {
            "authorization" or "proxy-authorization" => _redactor.RedactAuthorization(header.Value),
            "cookie" => _redactor.RedactCookieHeader(header.Value),
            "set-cookie" => _redactor.RedactSetCookieHeader(header.Value),
            _ => _redactor.Redact(header.Value),
        };
        return new KeyValuePair<string, string>(header.Key, value);
    }

    private HttpMessageHandler CreatePrimaryHandler()
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            ServerCertificateCustomValidationCallback = (message, certificate, _, errors) =>
                _trust.Validate(message.RequestUri?.Host ?? string.Empty, certificate, errors),
        };
        if (_options.Proxy is not null)
        {
            handler.UseProxy = true;
            handler.Proxy = new WebProxy(_options.Proxy);
        }

        return handler;
    }

    private ProbeException Classify(Uri uri, Exception ex)
    {
        string target = uri.Scheme + "://" + uri.Authority;
        if (ex is OperationCanceledException)
        {
            return new ProbeException(
                ProbeFailure.Timeout,
                uri,
                $"{target} did not answer within {_options.Timeout.TotalSeconds:0.#} s. Check that the endpoint is up and reachable from here, or raise Network.TimeoutSeconds.",
                ex);
        }

        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException || (inner is WebException web && web.Status is WebExceptionStatus.TrustFailure or WebExceptionStatus.SecureChannelFailure))
            {
                string why = _trust.LastFailure(uri.Host) ?? "the TLS handshake failed";
                return new ProbeException(
                    ProbeFailure.TlsFailure,
                    uri,
                    $"TLS with {target} failed: {why}. Fix the certificate, or for an internal CA pass its PEM with -TrustedCaPath (Network.TrustedCaPath).",
                    ex);
            }

            if (inner is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.HostNotFound:
                    case SocketError.NoData:
                    case SocketError.TryAgain:
                        return new ProbeException(
                            ProbeFailure.DnsFailure,
                            uri,
                            $"The host name {uri.Host} does not resolve. Check the URL in the configuration and the DNS of this machine.",
                            ex);
                    case SocketError.ConnectionRefused:
                        return new ProbeException(
                            ProbeFailure.ConnectionRefused,
                            uri,
                            $"{target} refused the connection. Check the URL and port, and that the service is running.",
                            ex);
                }
            }

            if (inner is WebException webFailure && webFailure.Status == WebExceptionStatus.NameResolutionFailure)
            {
                return new ProbeException(ProbeFailure.DnsFailure, uri, $"The host name {uri.Host} does not resolve. Check the URL in the configuration and the DNS of this machine.", ex);
            }
        }

        if (_options.Proxy is not null)
        {
            return new ProbeException(
                ProbeFailure.ProxyFailure,
                uri,
                $"The request to {target} through the proxy {_options.Proxy} failed ({_redactor.Redact(ex.Message)}). Check the proxy address and that it allows this destination.",
                ex);
        }

        return new ProbeException(
            ProbeFailure.NetworkFailure,
            uri,
            $"The request to {target} failed: {_redactor.Redact(ex.GetBaseException().Message)}. Check the URL and the network path from this machine.",
            ex);
    }

    internal static TimeSpan? ParseRetryAfter(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
        {
            TimeSpan delay = when - DateTimeOffset.UtcNow;
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }

        return null;
    }
}
