using System;
using System.Collections;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Checks.Mcp;

/// <summary>Turns tool arguments given as dictionaries and lists (a PowerShell hashtable) into JSON object text.</summary>
internal static class McpArguments
{
    /// <param name="value">A dictionary of arguments (or null for none).</param>
    /// <param name="unwrap">Unwraps host wrapper objects (PSObject) to their base value.</param>
    public static string ToJsonObjectText(object? value, Func<object?, object?> unwrap) =>
        (ToJson(value, unwrap) as JObject ?? new JObject()).ToString(Formatting.None);

    private static JToken ToJson(object? value, Func<object?, object?> unwrap)
    {
        value = unwrap(value);
        switch (value)
        {
            case null:
                return JValue.CreateNull();
            case string or bool or int or long or double or decimal:
                return new JValue(value);
            case IDictionary dictionary:
                var result = new JObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    result[unwrap(entry.Key)?.ToString() ?? string.Empty] = ToJson(entry.Value, unwrap);
                }

                return result;
            case IEnumerable list:
                return new JArray(list.Cast<object?>().Select(item => ToJson(item, unwrap)));
            default:
                return new JValue(value.ToString());
        }
    }
}
