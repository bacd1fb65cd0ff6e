using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Json;

namespace ScalekitReadiness.Metrics;

/// <summary>
/// Turns auth-log records into <see cref="AuthLogEntry"/> objects: the API's JSON items (snake_case), and files a
/// person exported: a JSON array (or an API response with <c>authRequests</c>) or a CSV, with the API's field names
/// or the property names of <see cref="AuthLogEntry"/> (what <c>Export-Csv</c> writes).
/// </summary>
internal static class AuthLogRecordReader
{
    /// <summary>Reads one record; null when it has no id, timestamp or status.</summary>
    public static AuthLogEntry? FromFields(Func<string, string?> field)
    {
        string? id = field("auth_request_id");
        string? status = field("status");
        string? time = field("timestamp");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(status)
            || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset timestamp))
        {
            return null;
        }

        return new AuthLogEntry(id!, timestamp, status!, field("client_id"))
        {
            ClientName = field("client_name"),
            ClientType = field("client_type"),
            Email = field("email"),
            OrganizationId = field("organization_id"),
            ResourceId = field("resource_id"),
            ResourceName = field("resource_name"),
            ResourceType = field("resource_type"),
            ConnectionId = field("connection_id"),
            ConnectionType = field("connection_type"),
            ConnectionProvider = field("connection_provider"),
            EnvironmentId = field("environment_id"),
            Workflow = field("workflow"),
        };
    }

    /// <summary>Reads one JSON item of the API (or of an exported file).</summary>
    public static AuthLogEntry? FromJson(JObject item)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (JProperty property in item.Properties())
        {
            string? value = property.Value.Type switch
            {
                JTokenType.Null or JTokenType.Undefined or JTokenType.Object or JTokenType.Array => null,
                JTokenType.Date => ((DateTime)property.Value).ToString("o", CultureInfo.InvariantCulture),
                _ => Convert.ToString(((JValue)property.Value).Value, CultureInfo.InvariantCulture),
            };
            fields[Normalize(property.Name)] = value;
        }

        return FromFields(name => fields.TryGetValue(Normalize(name), out string? value) && !string.IsNullOrEmpty(value) ? value : null);
    }

    /// <summary>Reads an exported file (.json or .csv, by extension; anything else is tried as JSON, then CSV).</summary>
    /// <exception cref="InvalidDataException">The file holds no readable records.</exception>
    public static IEnumerable<AuthLogEntry> ReadFile(string path)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        bool csv = string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase)
            || (!text.TrimStart().StartsWith("[", StringComparison.Ordinal) && !text.TrimStart().StartsWith("{", StringComparison.Ordinal));
        return csv ? ReadCsv(text, path) : ReadJson(text, path);
    }

    private static IEnumerable<AuthLogEntry> ReadJson(string text, string path)
    {
        JToken? document = JsonDocumentReader.TryParse(text, out string? error);
        JArray? items = document switch
        {
            JArray array => array,
            JObject obj => (obj.GetValue("authRequests", StringComparison.OrdinalIgnoreCase) ?? obj.GetValue("auth_requests", StringComparison.OrdinalIgnoreCase)) as JArray,
            _ => null,
        };
        if (items is null)
        {
            throw new InvalidDataException($"'{path}' is not an auth-log export: expected a JSON array of records or an object with authRequests{(error is null ? string.Empty : " (" + error + ")")}.");
        }

        return items.OfType<JObject>().Select(FromJson).Where(e => e is not null).Select(e => e!).ToList();
    }

    private static IEnumerable<AuthLogEntry> ReadCsv(string text, string path)
    {
        List<List<string>> rows = ParseCsv(text);
        if (rows.Count == 0)
        {
            throw new InvalidDataException($"'{path}' is empty: expected a CSV header row with auth_request_id (or AuthRequestId), timestamp and status.");
        }

        // Export-Csv of Windows PowerShell writes a #TYPE line first.
        int headerRow = rows[0].Count > 0 && rows[0][0].StartsWith("#TYPE", StringComparison.Ordinal) ? 1 : 0;
        string[] header = rows.ElementAtOrDefault(headerRow)?.Select(Normalize).ToArray() ?? Array.Empty<string>();
        if (!header.Contains(Normalize("auth_request_id")) || !header.Contains("timestamp") || !header.Contains("status"))
        {
            throw new InvalidDataException($"'{path}' has no auth_request_id, timestamp and status columns: is it an auth-log export?");
        }

        var entries = new List<AuthLogEntry>();
        foreach (List<string> row in rows.Skip(headerRow + 1))
        {
            AuthLogEntry? entry = FromFields(name =>
            {
                int index = Array.IndexOf(header, Normalize(name));
                return index >= 0 && index < row.Count && row[index].Length > 0 ? row[index] : null;
            });
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    // auth_request_id, AuthRequestId and authRequestId name the same field.
    private static string Normalize(string name) => name.Replace("_", string.Empty).Trim().ToLowerInvariant();

    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                if (row.Count > 1 || row[0].Length > 0)
                {
                    rows.Add(row);
                }

                row = new List<string>();
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
