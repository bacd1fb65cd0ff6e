using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;

namespace ScalekitReadiness.Http;

/// <summary>Settings of the probe client; every audit and Test-Sk* cmdlet builds one from its parameters.</summary>
internal sealed class ProbeClientOptions
{
    /// <summary>Gets or sets the per-request timeout (headers and body together).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the most bytes of a response body that are read; the rest is left unread.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the per-host request rate; zero or less means unlimited.</summary>
    public double MaxRequestsPerSecond { get; set; } = 5;

    /// <summary>Gets or sets an explicit proxy; null means the system proxy.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>Gets or sets a PEM file of extra trusted CA certificates (internal or self-signed chains).</summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>Gets or sets a value indicating whether TLS certificate validation is off (every result then says so).</summary>
    public bool SkipCertificateCheck { get; set; }

    /// <summary>Gets or sets the most redirects followed.</summary>
    public int MaxRedirects { get; set; } = 10;

    /// <summary>Gets or sets the longest <c>Retry-After</c> honoured; a longer one is reported, not waited for.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many times a 429 is retried after its Retry-After.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Gets or sets a value indicating whether a 429 that outlasts the retries is a <see cref="ProbeException"/> (RateLimited)
    /// rather than a response: a check must not judge a rate limiter's answer as the endpoint's. Metrics that count 429s turn it off.</summary>
    public bool RateLimitIsFailure { get; set; } = true;

    /// <summary>Gets the authorities (host:port) allowed to receive a credential.</summary>
    public ISet<string> CredentialAuthorities { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A request the probe client sends; a fresh HttpRequestMessage is built from it for every attempt.</summary>
internal sealed class ProbeRequest
{
    public ProbeRequest(HttpMethod method, Uri uri)
    {
        Method = method;
        Uri = uri;
    }

    /// <summary>Gets the method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the absolute URL.</summary>
    public Uri Uri { get; }

    /// <summary>Gets the request headers (name, value), sent as given.</summary>
    public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>Gets or sets the body, sent as UTF-8.</summary>
    public string? Body { get; set; }

    /// <summary>Gets or sets the body's media type.</summary>
    public string? ContentType { get; set; }

    /// <summary>Gets or sets a value indicating whether the request carries a secret (client secret, token).
    /// Such a request goes only to an allowed authority and never follows a redirect to another one.</summary>
    public bool CarriesCredential { get; set; }

    /// <summary>Gets or sets a test that ends reading a body that may stay open (an SSE stream): it gets the media type
    /// and the bytes read so far, before the first read and after every chunk, and returns true when enough was read.</summary>
    public Func<string?, byte[], bool>? BodyComplete { get; set; }

    public static ProbeRequest Get(Uri uri) => new(HttpMethod.Get, uri);

    public ProbeRequest WithHeader(string name, string value)
    {
        Headers.Add(new KeyValuePair<string, string>(name, value));
        return this;
    }

    internal ProbeRequest Redirected(Uri target, HttpMethod method, bool keepBody)
    {
        var next = new ProbeRequest(method, target)
        {
            Body = keepBody ? Body : null,
            ContentType = keepBody ? ContentType : null,
            CarriesCredential = CarriesCredential,
        };
        bool sameAuthority = string.Equals(target.Authority, Uri.Authority, StringComparison.OrdinalIgnoreCase)
            && target.Scheme == Uri.Scheme;
        foreach (KeyValuePair<string, string> header in Headers)
        {
            // Credentials never cross to another host, even through a redirect.
            if (!sameAuthority && ProbeExchange.IsCredentialHeader(header.Key))
            {
                continue;
            }

            next.Headers.Add(header);
        }

        return next;
    }
}

/// <summary>A response as the probe saw it, with the body read up to the cap.</summary>
internal sealed class ProbeResponse
{
    internal ProbeResponse(
        Uri requestUri,
        int statusCode,
        string reasonPhrase,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        byte[] body,
        bool bodyTruncated,
        TimeSpan elapsed,
        ProbeExchange exchange)
    {
        RequestUri = requestUri;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Body = body;
        BodyTruncated = bodyTruncated;
        Elapsed = elapsed;
        Exchange = exchange;
    }

    public Uri RequestUri { get; }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary>Gets every response and content header, one entry per value, in arrival order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public byte[] Body { get; }

    /// <summary>Gets a value indicating whether the body was longer than the cap and was cut.</summary>
    public bool BodyTruncated { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Gets the redacted record of this request and response.</summary>
    public ProbeExchange Exchange { get; }

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Gets the media type of Content-Type without parameters, lower-cased, or null.</summary>
    public string? MediaType
    {
        get
        {
            string? value = Header("Content-Type");
            if (value is null)
            {
                return null;
            }

            int semicolon = value.IndexOf(';');
            return (semicolon >= 0 ? value.Substring(0, semicolon) : value).Trim().ToLowerInvariant();
        }
    }

    public bool IsRedirect => StatusCode is 301 or 302 or 303 or 307 or 308;

    /// <summary>Returns the first value of a header, or null.</summary>
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value)
            .FirstOrDefault();

    /// <summary>Returns every value of a header.</summary>
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}

/// <summary>The redacted record of one request/response pair: what evidence and -Verbose show.</summary>
internal sealed class ProbeExchange
{
    internal ProbeExchange(
        string method,
        string url,
        int? statusCode,
        IReadOnlyList<KeyValuePair<string, string>> requestHeaders,
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders,
        long bodyBytes,
        bool bodyTruncated,
        string? mediaType,
        TimeSpan elapsed,
        string? failure)
    {
        Method = method;
        Url = url;
        StatusCode = statusCode;
        RequestHeaders = requestHeaders;
        ResponseHeaders = responseHeaders;
        BodyBytes = bodyBytes;
        BodyTruncated = bodyTruncated;
        MediaType = mediaType;
        Elapsed = elapsed;
        Failure = failure;
    }

    public string Method { get; }

    /// <summary>Gets the URL with secret-named query parameters redacted.</summary>
    public string Url { get; }

    public int? StatusCode { get; }

    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; }

    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; }

    public long BodyBytes { get; }

    public bool BodyTruncated { get; }

    public string? MediaType { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Gets the failure (timeout, refused...) when no response arrived.</summary>
    public string? Failure { get; }

    /// <summary>Gets one line: <c>GET https://… → 200 application/json, 312 bytes, 41 ms</c>.</summary>
    public string Summary
    {
        get
        {
            string outcome = StatusCode is int status
                ? status.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + (MediaType is null ? string.Empty : " " + MediaType)
                    + ", " + BodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    + (BodyTruncated ? "+ bytes (cut at the cap)" : " bytes")
                : "no response (" + Failure + ")";
            return Method + " " + Url + " → " + outcome + ", "
                + ((long)Elapsed.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + " ms";
        }
    }

    internal static bool IsCredentialHeader(string name) =>
        string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override string ToString() => Summary;
}

/// <summary>Why a probe could not complete.</summary>
internal enum ProbeFailure
{
    DnsFailure,
    ConnectionRefused,
    TlsFailure,
    Timeout,
    TooManyRedirects,
    RateLimited,
    CredentialRefused,
    ProxyFailure,
    NetworkFailure,
}

/// <summary>A probe that could not complete; the message names the cause and the next step.</summary>
internal sealed class ProbeException : Exception
{
    public ProbeException(ProbeFailure failure, Uri uri, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Uri = uri;
    }

    public ProbeFailure Failure { get; }

    public Uri Uri { get; }
}
