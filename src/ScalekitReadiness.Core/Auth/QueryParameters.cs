using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.Auth;

/// <summary>The parameters of a URL's query string (application/x-www-form-urlencoded), in order, decoded.</summary>
internal sealed class QueryParameters
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    private QueryParameters(List<KeyValuePair<string, string>> pairs)
    {
        _pairs = pairs;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>Parses the query of <paramref name="url"/> (the part after '?', before '#').</summary>
    public static QueryParameters Of(string url)
    {
        int question = url.IndexOf('?');
        if (question < 0)
        {
            return new QueryParameters(new List<KeyValuePair<string, string>>());
        }

        int hash = url.IndexOf('#', question);
        string query = hash < 0 ? url.Substring(question + 1) : url.Substring(question + 1, hash - question - 1);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            int equals = part.IndexOf('=');
            string name = equals < 0 ? part : part.Substring(0, equals);
            string value = equals < 0 ? string.Empty : part.Substring(equals + 1);
            pairs.Add(new KeyValuePair<string, string>(Decode(name), Decode(value)));
        }

        return new QueryParameters(pairs);
    }

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? this[string name] =>
        _pairs.Where(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Select(p => p.Value).FirstOrDefault();

    public bool Contains(string name) => _pairs.Any(p => string.Equals(p.Key, name, StringComparison.Ordinal));

    /// <summary>Builds <c>name=value&amp;…</c> with every part percent-encoded (case preserved).</summary>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
