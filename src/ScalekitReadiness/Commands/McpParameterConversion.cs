using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace ScalekitReadiness.Commands;

/// <summary>Turns the MCP cmdlets' hashtable parameters (-ToolScope, -ResourceScope, -SafeToInvoke) into configuration values.</summary>
internal static class McpParameterConversion
{
    /// <summary>An MCP client is named by its id or, for a client ID metadata document, by its http(s) URL.</summary>
    public static void SetClient(string clientId, ScalekitReadiness.Configuration.McpSettings target)
    {
        if (System.Uri.TryCreate(clientId, System.UriKind.Absolute, out System.Uri? document)
            && (document.Scheme == System.Uri.UriSchemeHttps || document.Scheme == System.Uri.UriSchemeHttp))
        {
            target.ClientIdMetadataUrl = clientId;
        }
        else
        {
            target.ClientId = clientId;
        }
    }

    /// <summary>name → scopes; a value may be one string (space-separated scopes) or a list of strings.</summary>
    public static void AddScopes(Hashtable? table, IDictionary<string, IList<string>> target)
    {
        if (table is null)
        {
            return;
        }

        foreach (DictionaryEntry entry in table)
        {
            object? value = Unwrap(entry.Value);
            IEnumerable<string> scopes = value switch
            {
                null => Enumerable.Empty<string>(),
                string text => text.Split(new[] { ' ' }, System.StringSplitOptions.RemoveEmptyEntries),
                IEnumerable list => list.Cast<object?>().Select(item => Unwrap(item)?.ToString() ?? string.Empty).Where(s => s.Length > 0),
                _ => new[] { value.ToString() ?? string.Empty },
            };
            target[Unwrap(entry.Key)?.ToString() ?? string.Empty] = scopes.ToList();
        }
    }

    /// <summary>tool → arguments (a hashtable, or $null/@{} for none), stored as JSON object text.</summary>
    public static void AddSafeToInvoke(Hashtable? table, IDictionary<string, string> target)
    {
        if (table is null)
        {
            return;
        }

        foreach (DictionaryEntry entry in table)
        {
            target[Unwrap(entry.Key)?.ToString() ?? string.Empty] = Checks.Mcp.McpArguments.ToJsonObjectText(entry.Value, Unwrap);
        }
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
