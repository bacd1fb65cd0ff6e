using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Har;

/// <summary>
/// Reads a HAR 1.2 file as browsers export it (Chrome/Edge DevTools, Firefox, Safari, Playwright's recordHar).
/// Tolerant of their variations: HTTP/2 pseudo-headers and lower-cased names, several Set-Cookie lines folded
/// into one header (Firefox, Chrome over HTTP/1.1), cookies only in the <c>cookies</c> array, base64 bodies,
/// missing optional members, and vendor members (<c>_initiator</c>, <c>_fromCache</c>...).
/// </summary>
internal static class HarArchive
{
    /// <summary>Reads and parses the HAR file at <paramref name="path"/>.</summary>
    /// <exception cref="HarFormatException">The file cannot be read or is not a HAR.</exception>
    public static IReadOnlyList<HarEntry> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HarFormatException($"The HAR file '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses HAR text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="HarFormatException">The text is not a HAR.</exception>
    public static IReadOnlyList<HarEntry> Parse(string text, string source)
    {
        JToken root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 128 };
            root = JToken.ReadFrom(reader);
        }
        catch (JsonReaderException ex)
        {
            throw new HarFormatException($"'{source}' is not valid JSON ({ex.Message}). Export the HAR again from the browser's developer tools (Network tab › Export HAR).", ex);
        }

        if (root is not JObject document || document["log"] is not JObject log || log["entries"] is not JArray entries)
        {
            throw new HarFormatException($"'{source}' is JSON but not a HAR: it has no log.entries array. Export it from the browser's Network tab (Export HAR).");
        }

        return entries.OfType<JObject>().Select(ReadEntry).ToArray();
    }

    private static HarEntry ReadEntry(JObject entry)
    {
        JObject request = entry["request"] as JObject ?? new JObject();
        JObject response = entry["response"] as JObject ?? new JObject();
        string url = Text(request["url"]) ?? string.Empty;
        return new HarEntry(
            Text(request["method"]) ?? "GET",
            url,
            Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) ? parsed : null,
            response["status"]?.Type == JTokenType.Integer ? (int)response["status"]! : 0,
            Headers(request["headers"]),
            Headers(response["headers"]),
            Cookies(response["cookies"]),
            Text(request["postData"]?["text"]),
            Body(response["content"] as JObject));
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Headers(JToken? headers)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (JObject header in (headers as JArray)?.OfType<JObject>() ?? Enumerable.Empty<JObject>())
        {
            string? name = Text(header["name"]);
            string value = Text(header["value"]) ?? string.Empty;
            if (string.IsNullOrEmpty(name) || name!.StartsWith(":", StringComparison.Ordinal))
            {
                continue; // HTTP/2 pseudo-headers (:status, :authority...) are not headers
            }

            // Several Set-Cookie lines can arrive folded into one value, separated by newlines.
            foreach (string line in value.Split('\n'))
            {
                string trimmed = line.Trim('\r', ' ');
                if (trimmed.Length > 0 || value.Length == 0)
                {
                    list.Add(new KeyValuePair<string, string>(name, trimmed));
                }
            }
        }

        return list;
    }

    private static IReadOnlyList<HarCookie> Cookies(JToken? cookies) =>
        ((cookies as JArray)?.OfType<JObject>() ?? Enumerable.Empty<JObject>())
            .Where(c => !string.IsNullOrEmpty(Text(c["name"])))
            .Select(c => new HarCookie(
                Text(c["name"])!,
                Text(c["value"]) ?? string.Empty,
                Text(c["path"]),
                Text(c["domain"]),
                Text(c["expires"]),
                Flag(c["httpOnly"]),
                Flag(c["secure"]),
                Text(c["sameSite"])))
            .ToArray();

    private static string? Body(JObject? content)
    {
        string? text = Text(content?["text"]);
        if (text is null || !string.Equals(Text(content!["encoding"]), "base64", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Text(JToken? token) => token is null || token.Type == JTokenType.Null ? null : token.Type == JTokenType.String ? (string?)token : token.ToString(Formatting.None);

    private static bool? Flag(JToken? token) => token?.Type switch
    {
        JTokenType.Boolean => (bool)token!,
        JTokenType.String => string.Equals((string?)token, "true", StringComparison.OrdinalIgnoreCase),
        _ => null,
    };
}

/// <summary>One request/response pair of a HAR file. Values (cookies, tokens) are held only to be judged, never shown.</summary>
internal sealed class HarEntry
{
    public HarEntry(
        string method,
        string url,
        Uri? uri,
        int status,
        IReadOnlyList<KeyValuePair<string, string>> requestHeaders,
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders,
        IReadOnlyList<HarCookie> responseCookies,
        string? requestBody,
        string? responseBody)
    {
        Method = method;
        Url = url;
        Uri = uri;
        Status = status;
        RequestHeaders = requestHeaders;
        ResponseHeaders = responseHeaders;
        ResponseCookies = responseCookies;
        RequestBody = requestBody;
        ResponseBody = responseBody;
    }

    public string Method { get; }

    public string Url { get; }

    public Uri? Uri { get; }

    /// <summary>Gets the status; 0 when the browser got no response (blocked, failed, cancelled).</summary>
    public int Status { get; }

    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; }

    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; }

    public IReadOnlyList<HarCookie> ResponseCookies { get; }

    public string? RequestBody { get; }

    public string? ResponseBody { get; }

    public IEnumerable<string> ResponseHeaderValues(string name) =>
        ResponseHeaders.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public IEnumerable<string> RequestHeaderValues(string name) =>
        RequestHeaders.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>Gets a short description without query string (which may hold codes): <c>GET https://host/path → 302</c>.</summary>
    public string Description => Method + " " + (Uri is null ? Url : Uri.GetLeftPart(UriPartial.Path)) + " → " + Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A cookie of a HAR response's <c>cookies</c> array (flags are null when the exporter left them out).</summary>
internal sealed class HarCookie
{
    public HarCookie(string name, string value, string? path, string? domain, string? expires, bool? httpOnly, bool? secure, string? sameSite)
    {
        Name = name;
        Value = value;
        Path = path;
        Domain = domain;
        Expires = expires;
        HttpOnly = httpOnly;
        Secure = secure;
        SameSite = sameSite;
    }

    public string Name { get; }

    public string Value { get; }

    public string? Path { get; }

    public string? Domain { get; }

    public string? Expires { get; }

    public bool? HttpOnly { get; }

    public bool? Secure { get; }

    public string? SameSite { get; }
}

/// <summary>A HAR file that cannot be read or parsed; the message says what to do.</summary>
internal sealed class HarFormatException : Exception
{
    public HarFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
