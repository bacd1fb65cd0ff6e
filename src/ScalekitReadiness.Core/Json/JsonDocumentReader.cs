using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Json;

/// <summary>Strict parsing of probed JSON documents: no date coercion, bounded depth, duplicate members refused.</summary>
internal static class JsonDocumentReader
{
    /// <summary>Parses <paramref name="text"/>; returns null and the parser's complaint when it is not one JSON value.</summary>
    public static JToken? TryParse(string text, out string? error)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
            JToken token = JToken.ReadFrom(reader, new JsonLoadSettings { DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
            if (reader.Read())
            {
                error = $"unexpected content after the JSON value (line {reader.LineNumber}, position {reader.LinePosition})";
                return null;
            }

            error = null;
            return token;
        }
        catch (JsonReaderException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>Gets a value indicating whether <paramref name="token"/> is a zero value: null, "", [] or {}.</summary>
    public static bool IsZeroValue(JToken token) => token.Type switch
    {
        JTokenType.Null => true,
        JTokenType.String => ((string?)token)?.Length == 0,
        JTokenType.Array => !token.HasValues,
        JTokenType.Object => !token.HasValues,
        _ => false,
    };
}
