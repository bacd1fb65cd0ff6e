using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Mcp;

/// <summary>
/// A minimal MCP client over Streamable HTTP for probing: it sends exactly the requests the checks ask for through
/// the probe client (every header under its control, every status visible), speaks both transport eras, and never
/// follows a redirect. The access token, when set, goes only to the configured MCP server URL.
/// </summary>
internal sealed class McpClient
{
    /// <summary>The modern protocol revision (no sessions, per-request metadata).</summary>
    public const string ModernProtocolVersion = "2026-07-28";

    /// <summary>The newest session-era revision, offered in <c>initialize</c>.</summary>
    public const string SessionEraProtocolVersion = "2025-11-25";

    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";
    public const string MethodHeader = "Mcp-Method";
    public const string NameHeader = "Mcp-Name";
    public const string AcceptBoth = "application/json, text/event-stream";

    /// <summary>JSON-RPC error codes that only a modern server sends (HeaderMismatch, UnsupportedProtocolVersion).</summary>
    private static readonly long[] s_modernErrorCodes = { -32020, -32022 };

    private readonly ProbeClient _probe;
    private readonly List<McpResponse> _history = new();
    private long _nextId;

    public McpClient(ProbeClient probe, Uri server, string? accessToken = null)
    {
        _probe = probe;
        Server = server;
        AccessToken = accessToken;
    }

    public Uri Server { get; }

    /// <summary>Gets or sets the bearer token sent in the Authorization header; null sends none. It is registered with the redactor.</summary>
    public string? AccessToken
    {
        get => _accessToken;
        set
        {
            _accessToken = value;
            _probe.Redactor.AddSecret(value);
        }
    }

    /// <summary>Gets the detected era (<see cref="McpEra.Unknown"/> until <see cref="DetectEraAsync"/> or an open succeeds).</summary>
    public McpEra Era { get; private set; }

    /// <summary>Gets or sets the protocol version sent in <c>MCP-Protocol-Version</c> (the negotiated one after initialize).</summary>
    public string? ProtocolVersion { get; set; }

    /// <summary>Gets or sets the session id echoed in <c>Mcp-Session-Id</c> (session era); null sends none.</summary>
    public string? SessionId { get; set; }

    /// <summary>Gets every response of this client, oldest first (evidence).</summary>
    public IReadOnlyList<McpResponse> History => _history;

    private string? _accessToken;

    /// <summary>
    /// Detects the era as the 2026-07-28 transport says: a modern <c>server/discover</c> first; a result or a
    /// recognized modern error means modern; anything else falls back to <c>initialize</c> (session era, which then
    /// holds the session). Neither answering (e.g. 401) leaves the era unknown.
    /// </summary>
    public async Task<McpEraDetection> DetectEraAsync(CancellationToken cancellationToken)
    {
        McpResponse discover = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
        if (discover.HasResult)
        {
            Era = McpEra.Modern;
            return new McpEraDetection(McpEra.Modern, discover, null, "server/discover answered with a result");
        }

        if (IsModernError(discover))
        {
            string[] supported = SupportedVersions(discover);
            string? modern = supported.Where(v => string.CompareOrdinal(v, ModernProtocolVersion) >= 0).OrderByDescending(v => v, StringComparer.Ordinal).FirstOrDefault();
            if (modern is not null && modern != ModernProtocolVersion)
            {
                McpResponse retried = await DiscoverAsync(cancellationToken, modern).ConfigureAwait(false);
                if (retried.HasResult)
                {
                    Era = McpEra.Modern;
                    return new McpEraDetection(McpEra.Modern, retried, null, "server/discover answered with a result for " + modern);
                }
            }

            if (modern is not null || supported.Length == 0)
            {
                Era = McpEra.Modern;
                return new McpEraDetection(McpEra.Modern, discover, null, "server/discover answered with a modern JSON-RPC error (" + discover.ErrorCode?.ToString(CultureInfo.InvariantCulture) + ")");
            }
        }

        McpResponse initialize = await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (initialize.HasResult)
        {
            Era = McpEra.Session;
            return new McpEraDetection(McpEra.Session, discover, initialize, "server/discover answered " + discover.StatusCode.ToString(CultureInfo.InvariantCulture) + " without a modern error; initialize succeeded");
        }

        return new McpEraDetection(McpEra.Unknown, discover, initialize, "neither server/discover (" + discover.StatusCode.ToString(CultureInfo.InvariantCulture) + ") nor initialize (" + initialize.StatusCode.ToString(CultureInfo.InvariantCulture) + ") succeeded");
    }

    /// <summary>Opens a connection the way a client would: era detection, then (session era) <c>notifications/initialized</c>.</summary>
    public async Task<McpEraDetection> OpenAsync(CancellationToken cancellationToken)
    {
        McpEraDetection detection = await DetectEraAsync(cancellationToken).ConfigureAwait(false);
        if (detection.Era == McpEra.Session)
        {
            await NotifyInitializedAsync(cancellationToken).ConfigureAwait(false);
        }

        return detection;
    }

    /// <summary>Sends the modern <c>server/discover</c> (2026-07-28) with its headers and <c>_meta</c>.</summary>
    public Task<McpResponse> DiscoverAsync(CancellationToken cancellationToken, string protocolVersion = ModernProtocolVersion) =>
        SendAsync(BuildModernRequest("server/discover", new JObject(), null, protocolVersion), cancellationToken);

    /// <summary>Sends the session-era <c>initialize</c>; a result sets the negotiated version and the minted session id.</summary>
    public async Task<McpResponse> InitializeAsync(CancellationToken cancellationToken)
    {
        McpRequest request = NextRequest("initialize", InitializeParameters(), null);
        request.SessionEraHandshake = true;
        McpResponse response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.HasResult)
        {
            Era = McpEra.Session;
            ProtocolVersion = response.Result?["protocolVersion"]?.Type == JTokenType.String ? (string?)response.Result["protocolVersion"] : SessionEraProtocolVersion;
            SessionId = response.SessionId;
        }

        return response;
    }

    /// <summary>Sends <c>notifications/initialized</c> (session era; a server answers 202).</summary>
    public Task<McpResponse> NotifyInitializedAsync(CancellationToken cancellationToken) =>
        SendAsync(new McpRequest("notifications/initialized", null, new JObject(), null), cancellationToken);

    public Task<McpResponse> ListToolsAsync(CancellationToken cancellationToken) => CallAsync("tools/list", new JObject(), null, cancellationToken);

    public Task<McpResponse> CallToolAsync(string name, JObject arguments, CancellationToken cancellationToken) =>
        CallAsync("tools/call", new JObject { ["name"] = name, ["arguments"] = arguments }, name, cancellationToken);

    public Task<McpResponse> ListResourcesAsync(CancellationToken cancellationToken) => CallAsync("resources/list", new JObject(), null, cancellationToken);

    public Task<McpResponse> ReadResourceAsync(string uri, CancellationToken cancellationToken) =>
        CallAsync("resources/read", new JObject { ["uri"] = uri }, uri, cancellationToken);

    /// <summary>Sends any request in the current era (modern <c>_meta</c> and headers, or the session's headers).</summary>
    public Task<McpResponse> CallAsync(string method, JObject parameters, string? name, CancellationToken cancellationToken) =>
        SendAsync(Era == McpEra.Modern ? BuildModernRequest(method, parameters, name, ModernProtocolVersion) : NextRequest(method, parameters, name), cancellationToken);

    /// <summary>DELETE on the endpoint: ends the session (session era) or must be refused with 405 (modern).</summary>
    public Task<McpResponse> DeleteAsync(CancellationToken cancellationToken) =>
        SendAsync(new McpRequest("DELETE", null, null, null) { HttpMethod = HttpMethod.Delete }, cancellationToken);

    /// <summary>GET on the endpoint (the session era's server stream); an event stream is not read beyond its headers.</summary>
    public Task<McpResponse> GetAsync(CancellationToken cancellationToken) =>
        SendAsync(new McpRequest("GET", null, null, null) { HttpMethod = HttpMethod.Get }, cancellationToken);

    /// <summary>Builds the HTTP request for <paramref name="request"/> (callers may change headers before <see cref="SendAsync(McpRequest, ProbeRequest, CancellationToken)"/>).</summary>
    public ProbeRequest BuildHttpRequest(McpRequest request)
    {
        var http = new ProbeRequest(request.HttpMethod, Server).WithHeader("Accept", AcceptBoth);
        if (request.HttpMethod == HttpMethod.Post)
        {
            http.ContentType = "application/json";
            http.Body = request.ToJson();
        }

        string? version = request.ProtocolVersion ?? (request.SessionEraHandshake ? null : ProtocolVersion);
        if (version is not null)
        {
            http.WithHeader(ProtocolVersionHeader, version);
        }

        if (request.Modern)
        {
            http.WithHeader(MethodHeader, request.Method);
            if (request.Name is not null)
            {
                http.WithHeader(NameHeader, HeaderSafeName(request.Name));
            }
        }
        else if (SessionId is not null && !request.SessionEraHandshake)
        {
            http.WithHeader(SessionIdHeader, SessionId);
        }

        if (AccessToken is not null)
        {
            http.WithHeader("Authorization", "Bearer " + AccessToken);
        }

        long? id = request.Id;
        http.BodyComplete = request.HttpMethod == HttpMethod.Get
            ? (mediaType, _) => mediaType == McpMessageReader.EventStreamMediaType
            : id is long value ? (mediaType, body) => McpMessageReader.HoldsResponse(mediaType, body, value) : null;
        return http;
    }

    public Task<McpResponse> SendAsync(McpRequest request, CancellationToken cancellationToken) =>
        SendAsync(request, BuildHttpRequest(request), cancellationToken);

    /// <summary>Sends <paramref name="http"/> (built from <paramref name="request"/>, possibly altered) and reads the answer.</summary>
    public async Task<McpResponse> SendAsync(McpRequest request, ProbeRequest http, CancellationToken cancellationToken)
    {
        ProbeResponse response = await _probe.SendAsync(http, cancellationToken).ConfigureAwait(false);
        var answer = new McpResponse(request.Method, request.Id, response);
        lock (_history)
        {
            _history.Add(answer);
        }

        return answer;
    }

    /// <summary>A request of the session era: the current session id and negotiated version go in the headers.</summary>
    public McpRequest NextRequest(string method, JObject parameters, string? name) =>
        new(method, Interlocked.Increment(ref _nextId), parameters, name);

    /// <summary>A 2026-07-28 request: <c>_meta</c> with the version, client info and capabilities, mirrored in the headers.</summary>
    public McpRequest BuildModernRequest(string method, JObject parameters, string? name, string protocolVersion)
    {
        var withMeta = (JObject)parameters.DeepClone();
        withMeta["_meta"] = new JObject
        {
            ["io.modelcontextprotocol/protocolVersion"] = protocolVersion,
            ["io.modelcontextprotocol/clientInfo"] = ClientInfo(),
            ["io.modelcontextprotocol/clientCapabilities"] = new JObject(),
        };
        return new McpRequest(method, Interlocked.Increment(ref _nextId), withMeta, name) { Modern = true, ProtocolVersion = protocolVersion };
    }

    /// <summary>A recognized modern JSON-RPC error: HeaderMismatch or UnsupportedProtocolVersion on a 400, or method-not-found on a 404.</summary>
    internal static bool IsModernError(McpResponse response) =>
        (response.StatusCode == 400 && response.ErrorCode is long code && s_modernErrorCodes.Contains(code))
        || (response.StatusCode == 404 && response.ErrorCode == -32601);

    private static string[] SupportedVersions(McpResponse response) =>
        response.Error?["data"]?["supported"] is JArray supported
            ? supported.Where(v => v.Type == JTokenType.String).Select(v => (string)v!).ToArray()
            : Array.Empty<string>();

    /// <summary>The <c>initialize</c> parameters: the newest session-era version, no capabilities, this module as the client.</summary>
    internal static JObject InitializeParameters() => new()
    {
        ["protocolVersion"] = SessionEraProtocolVersion,
        ["capabilities"] = new JObject(),
        ["clientInfo"] = ClientInfo(),
    };

    private static JObject ClientInfo() => new()
    {
        ["name"] = "ScalekitReadiness",
        ["version"] = typeof(McpClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
    };

    /// <summary>Mcp-Name must be plain ASCII; anything else uses the 2026-07-28 Base64 sentinel form.</summary>
    private static string HeaderSafeName(string name) =>
        name.All(c => c >= 0x20 && c < 0x7F) && name.Trim() == name
            ? name
            : "=?base64?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(name)) + "?=";
}

/// <summary>One JSON-RPC request or notification (or a bodiless GET/DELETE) for <see cref="McpClient"/>.</summary>
internal sealed class McpRequest
{
    public McpRequest(string method, long? id, JObject? parameters, string? name)
    {
        Method = method;
        Id = id;
        Parameters = parameters;
        Name = name;
    }

    public string Method { get; }

    /// <summary>Gets the JSON-RPC id; null for a notification.</summary>
    public long? Id { get; }

    public JObject? Parameters { get; }

    /// <summary>Gets the tool name or resource URI mirrored in <c>Mcp-Name</c> (modern era).</summary>
    public string? Name { get; }

    public HttpMethod HttpMethod { get; set; } = HttpMethod.Post;

    /// <summary>Gets or sets a value indicating whether this is a 2026-07-28 request (adds <c>Mcp-Method</c>/<c>Mcp-Name</c>, no session).</summary>
    public bool Modern { get; set; }

    /// <summary>Gets or sets an explicit <c>MCP-Protocol-Version</c>; null uses the client's.</summary>
    public string? ProtocolVersion { get; set; }

    /// <summary>Gets or sets a value indicating whether this is the <c>initialize</c> that opens a session (no session headers).</summary>
    public bool SessionEraHandshake { get; set; }

    public string ToJson()
    {
        var message = new JObject { ["jsonrpc"] = "2.0" };
        if (Id is long id)
        {
            message["id"] = id;
        }

        message["method"] = Method;
        if (Parameters is not null)
        {
            message["params"] = Parameters;
        }

        return message.ToString(Formatting.None);
    }
}

/// <summary>What era detection found, with the responses it is based on.</summary>
internal sealed class McpEraDetection
{
    public McpEraDetection(McpEra era, McpResponse discover, McpResponse? initialize, string explanation)
    {
        Era = era;
        Discover = discover;
        Initialize = initialize;
        Explanation = explanation;
    }

    public McpEra Era { get; }

    /// <summary>Gets the answer to the modern <c>server/discover</c>.</summary>
    public McpResponse Discover { get; }

    /// <summary>Gets the answer to the fallback <c>initialize</c>, or null when the server is modern.</summary>
    public McpResponse? Initialize { get; }

    /// <summary>Gets the response that opened the connection (discover or initialize).</summary>
    public McpResponse Opening => Era == McpEra.Session && Initialize is not null ? Initialize : Discover;

    public string Explanation { get; }
}
