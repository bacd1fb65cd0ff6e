using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Metrics;

/// <summary>The filters of one auth-log read (the API's query parameters).</summary>
internal sealed class AuthLogQuery
{
    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Gets the statuses to include (INITIATED, PENDING, SUCCESS, FAILED); empty means all.</summary>
    public IList<string> Statuses { get; } = new List<string>();

    public string? Email { get; set; }

    public string? ClientId { get; set; }

    public string? ResourceId { get; set; }

    public int PageSize { get; set; } = 100;

    /// <summary>Gets or sets the most pages to read; null reads to the end.</summary>
    public int? MaxPages { get; set; }

    /// <summary>Builds the query string of one page.</summary>
    public string ToQueryString(string? pageToken)
    {
        var parts = new List<string> { "page_size=" + PageSize.ToString(CultureInfo.InvariantCulture) };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("page_token", pageToken);
        Add("start_time", StartTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add("end_time", EndTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        foreach (string status in Statuses)
        {
            Add("status", status.ToUpperInvariant());
        }

        Add("email", Email);
        Add("client_id", ClientId);
        Add("resource_id", ResourceId);
        return string.Join("&", parts);
    }
}

/// <summary>One page of the auth-log API.</summary>
internal sealed class AuthLogPage
{
    public AuthLogPage(IReadOnlyList<AuthLogEntry> entries, string? nextPageToken, long? totalSize, ProbeResponse response)
    {
        Entries = entries;
        NextPageToken = nextPageToken;
        TotalSize = totalSize;
        Response = response;
    }

    public IReadOnlyList<AuthLogEntry> Entries { get; }

    public string? NextPageToken { get; }

    public long? TotalSize { get; }

    public ProbeResponse Response { get; }
}

/// <summary>Why reading the auth log stopped.</summary>
internal enum AuthLogFailure
{
    /// <summary>The environment refused the client id and secret.</summary>
    TokenRejected,

    /// <summary>The API refused the token (401/403): the client lacks log access.</summary>
    AccessDenied,

    /// <summary>The API answered another error status (429 after the retries included).</summary>
    HttpError,

    /// <summary>The API answered something that is not an auth-log page.</summary>
    InvalidResponse,
}

/// <summary>Reading the auth log failed; the message says why and what to do.</summary>
internal sealed class AuthLogException : Exception
{
    public AuthLogException(AuthLogFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public AuthLogFailure Failure { get; }
}

/// <summary>
/// Reads Scalekit's auth log (<c>GET &lt;env&gt;/api/v1/logs/authentication/requests</c>) page by page with a
/// client_credentials token. The probe client spaces the requests and honours 429 Retry-After.
/// </summary>
internal sealed class AuthLogClient
{
    public const string Path = "/api/v1/logs/authentication/requests";

    private readonly ProbeClient _probe;
    private readonly Uri _environment;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private string? _token;

    public AuthLogClient(ProbeClient probe, Uri environment, string clientId, string clientSecret)
    {
        _probe = probe;
        _environment = environment;
        _clientId = clientId;
        _clientSecret = clientSecret;
    }

    /// <summary>Gets the token request's exchange, once a token was minted (evidence).</summary>
    public ProbeResponse? TokenResponse { get; private set; }

    /// <summary>Reads one page.</summary>
    /// <exception cref="AuthLogException">The token or the page was refused, or the answer is not a page.</exception>
    /// <exception cref="ProbeException">A request could not complete.</exception>
    public async Task<AuthLogPage> ReadPageAsync(AuthLogQuery query, string? pageToken, CancellationToken cancellationToken)
    {
        string token = await TokenAsync(cancellationToken).ConfigureAwait(false);
        var url = new Uri(_environment.GetLeftPart(UriPartial.Authority) + Path + "?" + query.ToQueryString(pageToken));
        ProbeRequest request = ProbeRequest.Get(url).WithHeader("Accept", "application/json").WithHeader("Authorization", "Bearer " + token);
        request.CarriesCredential = true;
        ProbeResponse response = await _probe.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is 401 or 403)
        {
            throw new AuthLogException(
                AuthLogFailure.AccessDenied,
                $"The auth-log API ({Path}) answered {response.StatusCode}: the client {_clientId} may not read authentication logs. Use an API client of the environment (Dashboard › Developers › Settings › API credentials).");
        }

        if (response.StatusCode != 200)
        {
            throw new AuthLogException(
                AuthLogFailure.HttpError,
                $"The auth-log API ({Path}) answered {response.StatusCode} {response.ReasonPhrase}{(response.StatusCode == 429 ? " after the retries (rate limited: try again later or lower -MaxRequestsPerSecond)" : string.Empty)}.");
        }

        if (JsonDocumentReader.TryParse(response.BodyText, out string? error) is not JObject body || body["authRequests"] is not JToken items || (items.Type != JTokenType.Array && items.Type != JTokenType.Null))
        {
            throw new AuthLogException(AuthLogFailure.InvalidResponse, $"The auth-log API ({Path}) answered 200 without an authRequests array{(error is null ? string.Empty : " (" + error + ")")}: is the environment URL right?");
        }

        var entries = (items as JArray ?? new JArray()).OfType<JObject>().Select(AuthLogRecordReader.FromJson).Where(e => e is not null).Select(e => e!).ToList();
        string? next = body["next_page_token"]?.Type == JTokenType.String ? (string?)body["next_page_token"] : null;
        long? total = body["total_size"]?.Type is JTokenType.Integer or JTokenType.String
            && long.TryParse((string?)body["total_size"], NumberStyles.Integer, CultureInfo.InvariantCulture, out long size) ? size : null;
        return new AuthLogPage(entries, string.IsNullOrEmpty(next) ? null : next, total, response);
    }

    /// <summary>Reads pages until the last one or <see cref="AuthLogQuery.MaxPages"/>, handing each to <paramref name="onPage"/>.</summary>
    /// <returns>The number of pages read.</returns>
    public async Task<int> ReadAllAsync(AuthLogQuery query, Action<AuthLogPage> onPage, CancellationToken cancellationToken)
    {
        string? pageToken = null;
        int pages = 0;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            AuthLogPage page = await ReadPageAsync(query, pageToken, cancellationToken).ConfigureAwait(false);
            pages++;
            onPage(page);
            pageToken = page.NextPageToken;

            // A server that hands back a token it gave before would page forever.
            if (pageToken is not null && !seenTokens.Add(pageToken))
            {
                throw new AuthLogException(AuthLogFailure.InvalidResponse, $"The auth-log API repeated the page token after {pages} pages; stopped to avoid a loop.");
            }
        }
        while (pageToken is not null && (query.MaxPages is not int max || pages < max));
        return pages;
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token is not null)
        {
            return _token;
        }

        ClientCredentialsAnswer answer = await ClientCredentialsGrant.SendAsync(_probe, _environment, _clientId, _clientSecret, cancellationToken).ConfigureAwait(false);
        TokenResponse = answer.Response;
        if (!answer.Succeeded)
        {
            throw new AuthLogException(
                AuthLogFailure.TokenRejected,
                $"The environment did not mint a token for {_clientId} (HTTP {answer.Response.StatusCode}{(answer.Error is null ? string.Empty : " " + answer.Error)}): check the client id and secret (SK-QC-002).");
        }

        _token = answer.AccessToken;
        return _token!;
    }
}
