using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Checks;

namespace ScalekitReadiness.Reports;

/// <summary>Rebuilds <see cref="CheckResult"/> objects from a report written by <see cref="JsonReportWriter"/>.</summary>
internal static class JsonReportReader
{
    /// <summary>Reads every result of the report; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="ReportFormatException">The text is not a readable report of a known schema version.</exception>
    public static IReadOnlyList<CheckResult> Read(TextReader reader, string source)
    {
        JToken root;
        try
        {
            using var json = new JsonTextReader(reader) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            root = JToken.ReadFrom(json);
            if (json.Read())
            {
                throw new JsonReaderException("Additional text after the JSON document.");
            }
        }
        catch (JsonReaderException ex)
        {
            throw new ReportFormatException(ReportFormatProblem.NotReadable, $"'{source}' is not JSON ({ex.Message}). Give a report written by Export-SkReadinessReport -Format Json.", ex);
        }

        if (root is not JObject document || document["schemaVersion"] is not JToken version)
        {
            throw new ReportFormatException(ReportFormatProblem.NotReadable, $"'{source}' is not a ScalekitReadiness report: it has no schemaVersion. Give a report written by Export-SkReadinessReport -Format Json.");
        }

        if (version.Type != JTokenType.Integer)
        {
            throw Invalid(source, "$.schemaVersion", "must be an integer");
        }

        if (version.Value<long>() != JsonReportWriter.SchemaVersion)
        {
            throw new ReportFormatException(
                ReportFormatProblem.UnsupportedSchemaVersion,
                $"'{source}' has schemaVersion {version}, and this version of ScalekitReadiness reads schemaVersion {JsonReportWriter.SchemaVersion}. Update the module (or export the report again with this one).");
        }

        if (document["results"] is not JArray results)
        {
            throw Invalid(source, "$.results", "must be an array");
        }

        return results.Select((item, index) => ReadResult(item, $"$.results[{index}]", source)).ToArray();
    }

    private static CheckResult ReadResult(JToken token, string path, string source)
    {
        if (token is not JObject item)
        {
            throw Invalid(source, path, "must be an object");
        }

        var field = new FieldReader(item, path, source);
        string checkId = field.String("checkId", allowEmpty: false);
        Severity severity = field.Enum<Severity>("severity");
        CheckDefinition? catalog = CheckCatalog.Find(checkId)?.Definition;
        var definition = new CheckDefinition(
            checkId,
            field.String("title"),
            field.Enum<CheckSection>("section"),
            catalog?.Severity ?? severity,
            field.Enum<Safety>("safety"),
            catalog?.Summary ?? string.Empty,
            field.String("remediation"),
            catalog?.Needs.ToList() ?? new List<string>(),
            field.Strings("references"));
        string? notRun = field.OptionalString("notRunReason");
        return new CheckResult(
            field.Guid("runId"),
            field.OptionalString("deployment"),
            definition,
            field.Enum<CheckStatus>("status"),
            severity,
            field.String("target"),
            field.String("message"),
            new ReasonList(field.Strings("reasons")),
            notRun is null ? null : FieldReader.ParseEnum<NotRunReason>(notRun) ?? throw Invalid(source, path + ".notRunReason", Expected<NotRunReason>()),
            new EvidenceList(field.Evidence("evidence")),
            field.Duration("durationSeconds"),
            field.Timestamp("timestamp"));
    }

    private static ReportFormatException Invalid(string source, string path, string problem) =>
        new(ReportFormatProblem.NotReadable, $"'{source}' is not a valid ScalekitReadiness report: {path} {problem}.");

    private static string Expected<T>()
        where T : struct, Enum => "must be one of " + string.Join(", ", System.Enum.GetNames(typeof(T)));

    private sealed class FieldReader
    {
        private readonly JObject _item;
        private readonly string _path;
        private readonly string _source;

        public FieldReader(JObject item, string path, string source)
        {
            _item = item;
            _path = path;
            _source = source;
        }

        public static T? ParseEnum<T>(string text)
            where T : struct, Enum
        {
            // By name only: Enum.TryParse would also take "3" or "1,2".
            string? name = System.Enum.GetNames(typeof(T)).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            return name is null ? null : (T)System.Enum.Parse(typeof(T), name);
        }

        public string String(string name, bool allowEmpty = true)
        {
            JToken? token = _item[name];
            if (token is null || token.Type != JTokenType.String || (!allowEmpty && token.Value<string>()!.Length == 0))
            {
                throw Fail(name, allowEmpty ? "must be a string" : "must be a non-empty string");
            }

            return token.Value<string>()!;
        }

        public string? OptionalString(string name)
        {
            JToken? token = _item[name];
            return token is null || token.Type == JTokenType.Null ? null : String(name);
        }

        public T Enum<T>(string name)
            where T : struct, Enum =>
            ParseEnum<T>(String(name)) ?? throw Fail(name, Expected<T>());

        public Guid Guid(string name) =>
            System.Guid.TryParse(String(name), out Guid value) ? value : throw Fail(name, "must be a GUID");

        public List<string> Strings(string name)
        {
            if (_item[name] is not JArray array || array.Any(t => t.Type != JTokenType.String))
            {
                throw Fail(name, "must be an array of strings");
            }

            return array.Select(t => t.Value<string>()!).ToList();
        }

        public List<EvidenceItem> Evidence(string name)
        {
            if (_item[name] is not JArray array)
            {
                throw Fail(name, "must be an array");
            }

            return array.Select((t, i) =>
            {
                if (t is not JObject pair || pair["name"]?.Type != JTokenType.String || pair["value"]?.Type != JTokenType.String)
                {
                    throw Fail($"{name}[{i}]", "must be an object with string name and value");
                }

                return new EvidenceItem(pair["name"]!.Value<string>()!, pair["value"]!.Value<string>()!);
            }).ToList();
        }

        public TimeSpan Duration(string name)
        {
            JToken? token = _item[name];
            if (token is null || (token.Type != JTokenType.Float && token.Type != JTokenType.Integer) || token.Value<decimal>() < 0)
            {
                throw Fail(name, "must be a non-negative number of seconds");
            }

            return TimeSpan.FromTicks((long)decimal.Round(token.Value<decimal>() * TimeSpan.TicksPerSecond));
        }

        public DateTimeOffset Timestamp(string name) =>
            DateTimeOffset.TryParseExact(String(name), "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset value)
                ? value
                : throw Fail(name, "must be an ISO 8601 timestamp with its offset");

        private ReportFormatException Fail(string name, string problem) => Invalid(_source, _path + "." + name, problem);
    }
}
