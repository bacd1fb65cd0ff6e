using System;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Http;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Auth;

/// <summary>What an error answer tells a person: a human message (always), a correlation id (nice). Stack traces: <see cref="ErrorPageInspector"/>.</summary>
internal static class ErrorSurface
{
    private static readonly string[] s_correlationHeaders =
    {
        "X-Request-Id", "X-Correlation-Id", "Request-Id", "X-Trace-Id", "traceparent", "X-Amzn-RequestId", "X-Amz-Cf-Id", "CF-Ray", "X-Cloud-Trace-Context",
    };

    /// <summary>The first correlation-id header of the response as <c>name: value</c>, or null.</summary>
    public static string? CorrelationId(ProbeResponse response) =>
        s_correlationHeaders.Select(h => response.Header(h) is string v ? h + ": " + v : null).FirstOrDefault(v => v is not null);

    /// <summary>The text a person would read in the answer: the challenge's error_description, a JSON error message, or the page's text; null when there is none.</summary>
    public static string? HumanMessage(ProbeResponse response)
    {
        string? described = WwwAuthenticateParser.Parse(response.HeaderValues("WWW-Authenticate"))
            .Select(c => c["error_description"]).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
        if (described is not null)
        {
            return described;
        }

        string body = response.BodyText;
        if (JsonDocumentReader.TryParse(body, out _) is JObject json)
        {
            string? message = new[] { "error_description", "message", "detail", "title", "error" }
                .Select(name => json[name]?.Type == JTokenType.String ? (string?)json[name] : null)
                .FirstOrDefault(m => !string.IsNullOrWhiteSpace(m) && m!.Contains(' '));
            return message;
        }

        string text = Regex.Replace(Regex.Replace(body, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase), "<[^>]+>", " ");
        text = Regex.Replace(System.Net.WebUtility.HtmlDecode(text), @"\s+", " ").Trim();
        return text.Count(char.IsLetter) >= 10 ? (text.Length > 160 ? text.Substring(0, 160) + "…" : text) : null;
    }
}
