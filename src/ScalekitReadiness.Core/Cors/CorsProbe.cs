using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ScalekitReadiness.Http;

namespace ScalekitReadiness.Cors;

/// <summary>Why an origin is sent, which decides what the endpoint should answer to it.</summary>
internal enum CorsOriginRole
{
    /// <summary>A configured allowed origin: should be allowed.</summary>
    Allowed,

    /// <summary><see cref="CorsOrigins.Arbitrary"/>: must not be reflected.</summary>
    Arbitrary,

    /// <summary><see cref="CorsOrigins.Null"/>: must not be allowed.</summary>
    Null,

    /// <summary><see cref="CorsOrigins.PrefixTrick"/>: must not be reflected.</summary>
    PrefixTrick,

    /// <summary><see cref="CorsOrigins.SuffixTrick"/>: must not be reflected.</summary>
    SuffixTrick,
}

/// <summary>One origin the probe sends, and the real origin a trick imitates.</summary>
internal sealed class CorsProbeOrigin
{
    public CorsProbeOrigin(CorsOriginRole role, string origin, string? imitates = null)
    {
        Role = role;
        Origin = origin;
        Imitates = imitates;
    }

    public CorsOriginRole Role { get; }

    public string Origin { get; }

    /// <summary>Gets the real origin a trick is built from; null for the other roles.</summary>
    public string? Imitates { get; }

    /// <summary>Gets a short name for the evidence.</summary>
    public string Label => Role switch
    {
        CorsOriginRole.Allowed => "allowed origin",
        CorsOriginRole.Arbitrary => "arbitrary origin",
        CorsOriginRole.Null => "null origin",
        CorsOriginRole.PrefixTrick => "prefix look-alike",
        _ => "suffix look-alike",
    };
}

/// <summary>The CORS part of one answer: what the endpoint told the browser about one origin.</summary>
internal sealed class CorsAnswer
{
    public CorsAnswer(CorsProbeOrigin sent, bool preflight, ProbeResponse response)
    {
        Sent = sent;
        IsPreflight = preflight;
        Response = response;
        AllowOriginValues = response.HeaderValues("Access-Control-Allow-Origin").Select(v => v.Trim()).ToArray();
        AllowCredentials = Joined(response, "Access-Control-Allow-Credentials");
        ExposeHeaders = Joined(response, "Access-Control-Expose-Headers");
        AllowMethods = Joined(response, "Access-Control-Allow-Methods");
        AllowHeaders = Joined(response, "Access-Control-Allow-Headers");
    }

    public CorsProbeOrigin Sent { get; }

    /// <summary>Gets a value indicating whether this is the OPTIONS preflight (otherwise the simple GET).</summary>
    public bool IsPreflight { get; }

    public ProbeResponse Response { get; }

    public string Probe => IsPreflight ? "preflight" : "GET";

    /// <summary>Gets every Access-Control-Allow-Origin value; browsers honour exactly one.</summary>
    public IReadOnlyList<string> AllowOriginValues { get; }

    public string? AllowCredentials { get; }

    public string? ExposeHeaders { get; }

    public string? AllowMethods { get; }

    public string? AllowHeaders { get; }

    /// <summary>Gets a value indicating whether the answer names the sent origin itself (a single, identical value).</summary>
    public bool Reflects => AllowOriginValues.Count == 1 && string.Equals(AllowOriginValues[0], Sent.Origin, StringComparison.Ordinal);

    /// <summary>Gets a value indicating whether the answer is <c>Access-Control-Allow-Origin: *</c>.</summary>
    public bool IsWildcard => AllowOriginValues.Count == 1 && AllowOriginValues[0] == "*";

    /// <summary>Gets a value indicating whether browsers share credentialed responses (the value must be exactly "true").</summary>
    public bool WithCredentials => AllowCredentials == "true";

    /// <summary>Gets a value indicating whether a browser at the sent origin may read the answer (without credentials at least).</summary>
    public bool Allows => Reflects || IsWildcard;

    /// <summary>Gets a value indicating whether WWW-Authenticate is readable by scripts (listed, or the "*" wildcard).</summary>
    public bool ExposesHeader(string name) =>
        ExposeHeaders is string list && list.Split(',').Select(h => h.Trim()).Any(h => h == "*" || string.Equals(h, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Gets one evidence line: the origin, the exchange and the CORS headers of the answer.</summary>
    public string Describe()
    {
        var parts = new List<string>
        {
            "Origin " + Sent.Origin + (Sent.Imitates is null ? string.Empty : " (imitates " + Sent.Imitates + ")"),
            Response.Exchange.Summary,
            "Access-Control-Allow-Origin: " + (AllowOriginValues.Count == 0 ? "(none)" : string.Join(" | ", AllowOriginValues)),
        };
        if (AllowCredentials is not null)
        {
            parts.Add("Access-Control-Allow-Credentials: " + AllowCredentials);
        }

        if (IsPreflight)
        {
            parts.Add("Access-Control-Allow-Methods: " + (AllowMethods ?? "(none)"));
            parts.Add("Access-Control-Allow-Headers: " + (AllowHeaders ?? "(none)"));
        }
        else if (ExposeHeaders is not null)
        {
            parts.Add("Access-Control-Expose-Headers: " + ExposeHeaders);
        }

        return string.Join("; ", parts);
    }

    private static string? Joined(ProbeResponse response, string header)
    {
        string[] values = response.HeaderValues(header).ToArray();
        return values.Length == 0 ? null : string.Join(", ", values);
    }
}

/// <summary>Sends the two requests a browser would send for one origin. Neither carries a credential.</summary>
internal static class CorsProbe
{
    /// <summary>The request headers the preflight announces: those a browser client of the API or the MCP server sends.</summary>
    public const string RequestedHeaders = "authorization, content-type";

    /// <summary>Sends the OPTIONS preflight for a POST with Authorization and Content-Type, then a simple GET, both with the origin.</summary>
    public static async Task<(CorsAnswer Preflight, CorsAnswer Get)> SendAsync(
        ProbeClient probe,
        Uri url,
        CorsProbeOrigin origin,
        CancellationToken cancellationToken)
    {
        ProbeRequest preflight = new ProbeRequest(HttpMethod.Options, url)
            .WithHeader("Origin", origin.Origin)
            .WithHeader("Access-Control-Request-Method", "POST")
            .WithHeader("Access-Control-Request-Headers", RequestedHeaders);
        ProbeResponse preflightResponse = await probe.SendAsync(preflight, cancellationToken).ConfigureAwait(false);

        // Accept */* names no event stream, so an MCP endpoint never opens a long-lived SSE stream for the probe.
        ProbeRequest get = ProbeRequest.Get(url)
            .WithHeader("Origin", origin.Origin)
            .WithHeader("Accept", "*/*");
        ProbeResponse getResponse = await probe.SendAsync(get, cancellationToken).ConfigureAwait(false);
        return (new CorsAnswer(origin, true, preflightResponse), new CorsAnswer(origin, false, getResponse));
    }
}
