using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Configuration;

/// <summary>Builds the JSON paths that name configuration problems: <c>$.Mcp.ServerUrl</c>, <c>$.Exceptions[0].Expires</c>.</summary>
internal static class JsonPaths
{
    private static readonly Regex s_plainName = new("^[A-Za-z0-9_$-]+$", RegexOptions.CultureInvariant);

    /// <summary>The path of member <paramref name="name"/> of the object at <paramref name="parent"/>.</summary>
    public static string Member(string parent, string name) =>
        s_plainName.IsMatch(name) ? parent + "." + name : parent + "['" + name.Replace("\\", "\\\\").Replace("'", "\\'") + "']";

    /// <summary>The path of item <paramref name="index"/> of the array at <paramref name="parent"/>.</summary>
    public static string Index(string parent, int index) => parent + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>The 1-based line of <paramref name="token"/> in its JSON text; null when it came from a hashtable.</summary>
    public static int? LineOf(JToken token) =>
        token is IJsonLineInfo info && info.HasLineInfo() ? info.LineNumber : null;
}
