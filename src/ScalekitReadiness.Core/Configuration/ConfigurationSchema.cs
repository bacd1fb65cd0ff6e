using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Configuration;

/// <summary>
/// The configuration schema (module/ScalekitReadiness.schema.json, embedded in this assembly) and an interpreter of the
/// subset of JSON Schema 2020-12 it uses: type, properties, additionalProperties, propertyNames, items, required, enum,
/// pattern, format (uri, date), minLength, minimum, maximum, exclusiveMinimum, exclusiveMaximum, $ref to $defs.
/// The file editors use is the file the module enforces, so the two cannot drift; a keyword outside the subset makes
/// loading fail instead of being ignored. Two deliberate differences from a generic validator, both for PowerShell
/// users: keys and enum values match regardless of letter case (as hashtable keys do), and a required member that is
/// null or empty counts as missing.
/// </summary>
internal sealed class ConfigurationSchema
{
    /// <summary>The manifest resource name of the embedded schema (see the Core project file).</summary>
    public const string ResourceName = "ScalekitReadiness.schema.json";

    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "$schema", "$comment", "title", "description", "default", "examples", "$defs", "$ref", "type", "properties",
        "additionalProperties", "propertyNames", "items", "required", "enum", "pattern", "format", "minLength",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    };

    private static readonly HashSet<string> s_formats = new(StringComparer.Ordinal) { "uri", "date" };

    private static readonly Lazy<ConfigurationSchema> s_default = new(() =>
    {
        using Stream stream = typeof(ConfigurationSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The configuration schema is not embedded in " + typeof(ConfigurationSchema).Assembly.GetName().Name + ".");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    private readonly JObject _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    private ConfigurationSchema(JObject root)
    {
        _root = root;
        CheckSupported(root, "#");
    }

    /// <summary>Gets the schema shipped with the module.</summary>
    public static ConfigurationSchema Default => s_default.Value;

    /// <summary>Gets the schema document.</summary>
    public JObject Document => _root;

    /// <summary>Reads a schema.</summary>
    /// <exception cref="InvalidOperationException">It uses a keyword or format this interpreter does not implement.</exception>
    public static ConfigurationSchema Parse(string json) => new(JObject.Parse(json));

    /// <summary>Validates <paramref name="instance"/>, adding one problem per broken rule; paths in <paramref name="skip"/> are not examined.</summary>
    public void Validate(JToken instance, List<ConfigurationProblem> problems, ISet<string> skip) =>
        Validate(_root, instance, "$", null, problems, skip);

    /// <summary>Returns the description of the member at <paramref name="names"/> (its own, else its definition's), or null.</summary>
    public string? Description(params string[] names)
    {
        JObject? schema = _root;
        JObject? member = null;
        foreach (string name in names)
        {
            member = schema?["properties"]?[name] as JObject;
            schema = member is null ? null : Follow(member);
        }

        return (member?["description"] ?? schema?["description"])?.Value<string>();
    }

    private static string Describe(IEnumerable<string> types)
    {
        string[] words = types.Where(t => t != "null").Select(t => t switch
        {
            "string" => "a string",
            "boolean" => "true or false",
            "integer" => "a whole number",
            "number" => "a number",
            "object" => "an object",
            "array" => "an array",
            _ => t,
        }).ToArray();
        return "must be " + string.Join(" or ", words);
    }

    private static bool TypeMatches(string type, JToken value) => type switch
    {
        "null" => value.Type is JTokenType.Null or JTokenType.Undefined,
        "string" => value.Type == JTokenType.String,
        "boolean" => value.Type == JTokenType.Boolean,
        "integer" => value.Type == JTokenType.Integer || (value.Type == JTokenType.Float && Math.Floor(value.Value<double>()) == value.Value<double>()),
        "number" => value.Type is JTokenType.Integer or JTokenType.Float,
        "object" => value.Type == JTokenType.Object,
        "array" => value.Type == JTokenType.Array,
        _ => false,
    };

    private static string[] Types(JObject schema) => schema["type"] switch
    {
        JArray array => array.Values<string>().Select(t => t!).ToArray(),
        JValue value => new[] { value.Value<string>()! },
        _ => Array.Empty<string>(),
    };

    private static bool IsMissing(JToken? value) =>
        value is null || value.Type is JTokenType.Null or JTokenType.Undefined
        || (value.Type == JTokenType.String && string.IsNullOrWhiteSpace(value.Value<string>()));

    // Values are repeated in messages only when they cannot be a secret, and never at length.
    private static string Quote(string value)
    {
        if (LiteralSecretRule.LooksLikeSecret(value))
        {
            return "the value";
        }

        return "'" + (value.Length > 120 ? value.Substring(0, 120) + "..." : value) + "'";
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsDate(string value) =>
        Regex.IsMatch(value, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)
        && DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    // Uri.TryCreate alone takes "/etc/x" for a file URI on Unix: demand a written scheme.
    private static bool IsAbsoluteUri(string value) =>
        Regex.IsMatch(value, "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$", RegexOptions.CultureInvariant) && Uri.TryCreate(value, UriKind.Absolute, out _);

    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int[] current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private void CheckSupported(JObject schema, string where)
    {
        foreach (JProperty keyword in schema.Properties())
        {
            if (!s_keywords.Contains(keyword.Name))
            {
                throw new InvalidOperationException($"The configuration schema uses '{keyword.Name}' at {where}, which the module's validator does not implement.");
            }

            switch (keyword.Name)
            {
                case "$defs":
                case "properties":
                    foreach (JProperty member in ((JObject)keyword.Value).Properties())
                    {
                        CheckSupported((JObject)member.Value, where + "/" + keyword.Name + "/" + member.Name);
                    }

                    break;
                case "additionalProperties" when keyword.Value is JObject sub:
                    CheckSupported(sub, where + "/additionalProperties");
                    break;
                case "items":
                case "propertyNames":
                    CheckSupported((JObject)keyword.Value, where + "/" + keyword.Name);
                    break;
                case "format" when !s_formats.Contains(keyword.Value.Value<string>()!):
                    throw new InvalidOperationException($"The configuration schema uses format '{keyword.Value}' at {where}, which the module's validator does not implement.");
                case "$ref":
                    Target(keyword.Value.Value<string>()!);
                    break;
                case "pattern":
                    Pattern(keyword.Value.Value<string>()!);
                    break;
            }
        }
    }

    private JObject Target(string reference)
    {
        const string Prefix = "#/$defs/";
        if (!reference.StartsWith(Prefix, StringComparison.Ordinal) || _root["$defs"]?[reference.Substring(Prefix.Length)] is not JObject target)
        {
            throw new InvalidOperationException($"The configuration schema refers to '{reference}', which is not one of its $defs.");
        }

        return target;
    }

    private JObject Follow(JObject schema) => schema["$ref"] is JValue reference ? Follow(Target(reference.Value<string>()!)) : schema;

    private Regex Pattern(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out Regex? regex))
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant);
                _patterns[pattern] = regex;
            }

            return regex;
        }
    }

    // def: the $defs entry the rule being checked belongs to; it decides the ErrorId (checkId → InvalidCheckId...).
    private void Validate(JObject schema, JToken value, string path, string? def, List<ConfigurationProblem> problems, ISet<string> skip)
    {
        if (skip.Contains(path))
        {
            return;
        }

        int before = problems.Count;
        if (schema["$ref"] is JValue reference)
        {
            string target = reference.Value<string>()!;
            Validate(Target(target), value, path, target.Substring(target.LastIndexOf('/') + 1), problems, skip);
            if (problems.Count > before)
            {
                return; // one problem per value: the siblings of $ref would only repeat it
            }
        }

        void Add(string errorId, string message) => problems.Add(new ConfigurationProblem(path, errorId, message, line: JsonPaths.LineOf(value)));

        string[] types = Types(schema);
        if (types.Length > 0 && !types.Any(t => TypeMatches(t, value)))
        {
            Add(ConfigurationErrorIds.WrongType, Describe(types));
            return;
        }

        switch (value.Type)
        {
            case JTokenType.String:
                ValidateString(schema, value.Value<string>()!, def, Add);
                break;
            case JTokenType.Integer:
            case JTokenType.Float:
                ValidateNumber(schema, value.Value<double>(), Add);
                break;
            case JTokenType.Object:
                ValidateObject(schema, (JObject)value, path, def, problems, skip);
                break;
            case JTokenType.Array:
                if (schema["items"] is JObject items)
                {
                    JArray array = (JArray)value;
                    for (int i = 0; i < array.Count; i++)
                    {
                        Validate(items, array[i], JsonPaths.Index(path, i), def, problems, skip);
                    }
                }

                break;
        }
    }

    private void ValidateString(JObject schema, string text, string? def, Action<string, string> add)
    {
        if (schema["minLength"] is JValue minLength && text.Length < minLength.Value<int>())
        {
            add(ConfigurationErrorIds.InvalidValue, "must not be empty");
            return;
        }

        string? format = schema["format"]?.Value<string>();
        if (format == "date" && !IsDate(text))
        {
            add(ConfigurationErrorIds.InvalidDate, $"{Quote(text)} is not a date: write it as YYYY-MM-DD");
            return;
        }

        bool httpUrl = def == "httpUrl";
        if (format == "uri" && !IsAbsoluteUri(text))
        {
            add(ConfigurationErrorIds.InvalidUrl, $"{Quote(text)} is not an absolute {(httpUrl ? "http(s) URL" : "URI")}");
            return;
        }

        if (schema["pattern"] is JValue pattern && !Pattern(pattern.Value<string>()!).IsMatch(text))
        {
            switch (def)
            {
                case "httpUrl":
                    add(ConfigurationErrorIds.InvalidUrl, $"{Quote(text)} is not an absolute http(s) URL");
                    break;
                case "checkId":
                    add(ConfigurationErrorIds.InvalidCheckId, $"{Quote(text)} is not a check id: ids look like SK-MCP-010 (SK-QC, SK-AUTH, SK-MCP or SK-MON, a dash, three digits)");
                    break;
                case "environmentVariableName":
                    add(ConfigurationErrorIds.InvalidValue, "must be the NAME of an environment variable (letters, digits and underscores), not its value");
                    break;
                default:
                    add(ConfigurationErrorIds.InvalidValue, $"{Quote(text)} does not match {pattern.Value<string>()}");
                    break;
            }

            return;
        }

        if (schema["enum"] is JArray allowed && !allowed.Values<string>().Any(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase)))
        {
            if (def == "checkId")
            {
                add(ConfigurationErrorIds.InvalidCheckId, $"{Quote(text)} is not in the check catalog; Get-SkReadinessCheck lists the checks");
            }
            else
            {
                add(ConfigurationErrorIds.InvalidValue, $"{Quote(text)} must be one of {string.Join(", ", allowed.Values<string>())}");
            }
        }
    }

    private static void ValidateNumber(JObject schema, double number, Action<string, string> add)
    {
        if (schema["minimum"] is JValue minimum && number < minimum.Value<double>())
        {
            add(ConfigurationErrorIds.InvalidValue, $"must be at least {Number(minimum.Value<double>())}");
        }
        else if (schema["exclusiveMinimum"] is JValue above && number <= above.Value<double>())
        {
            add(ConfigurationErrorIds.InvalidValue, $"must be above {Number(above.Value<double>())}");
        }
        else if (schema["maximum"] is JValue maximum && number > maximum.Value<double>())
        {
            add(ConfigurationErrorIds.InvalidValue, $"must be at most {Number(maximum.Value<double>())}");
        }
        else if (schema["exclusiveMaximum"] is JValue below && number >= below.Value<double>())
        {
            add(ConfigurationErrorIds.InvalidValue, $"must be below {Number(below.Value<double>())}");
        }
    }

    private void ValidateObject(JObject schema, JObject value, string path, string? def, List<ConfigurationProblem> problems, ISet<string> skip)
    {
        var properties = schema["properties"] as JObject;
        if (schema["required"] is JArray required)
        {
            foreach (string name in required.Values<string>().Select(n => n!))
            {
                if (IsMissing(value.GetValue(name, StringComparison.OrdinalIgnoreCase)))
                {
                    string memberPath = JsonPaths.Member(path, name);
                    problems.Add(RequiredProblem(memberPath, name, def, required, JsonPaths.LineOf(value)));
                    skip.Add(memberPath);
                }
            }
        }

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JProperty member in value.Properties())
        {
            string memberPath = JsonPaths.Member(path, member.Name);
            if (skip.Contains(memberPath))
            {
                continue;
            }

            if (seen.TryGetValue(member.Name, out string? first))
            {
                problems.Add(new ConfigurationProblem(memberPath, ConfigurationErrorIds.DuplicateKey, $"repeats the key '{first}' (keys are not case-sensitive): keep one of them", line: JsonPaths.LineOf(member)));
                continue;
            }

            seen[member.Name] = member.Name;
            if (schema["propertyNames"] is JObject names)
            {
                var nameProblems = new List<ConfigurationProblem>();
                Validate(names, new JValue(member.Name), memberPath, def, nameProblems, skip);
                if (nameProblems.Count > 0)
                {
                    problems.AddRange(nameProblems.Select(p => new ConfigurationProblem(p.Path, p.ErrorId, p.Message, line: JsonPaths.LineOf(member))));
                    continue;
                }
            }

            JProperty? declared = properties?.Properties().FirstOrDefault(p => string.Equals(p.Name, member.Name, StringComparison.OrdinalIgnoreCase));
            if (declared is not null)
            {
                Validate((JObject)declared.Value, member.Value, memberPath, def, problems, skip);
            }
            else if (schema["additionalProperties"] is JObject additional)
            {
                Validate(additional, member.Value, memberPath, def, problems, skip);
            }
            else if (schema["additionalProperties"] is JValue { Type: JTokenType.Boolean } allowed && !allowed.Value<bool>())
            {
                problems.Add(new ConfigurationProblem(memberPath, ConfigurationErrorIds.UnknownKey, UnknownKeyMessage(member.Name, path, properties), line: JsonPaths.LineOf(member)));
            }
        }
    }

    private static ConfigurationProblem RequiredProblem(string path, string name, string? def, JArray required, int? line)
    {
        string all = string.Join(", ", required.Values<string>());
        return def switch
        {
            "attestation" => new ConfigurationProblem(path, ConfigurationErrorIds.AttestationIncomplete, $"the attestation has no {name}: every attestation needs {all}", line: line),
            "exception" when name == "Expires" => new ConfigurationProblem(path, ConfigurationErrorIds.ExceptionWithoutExpiry, "the exception has no Expires date: an accepted risk must end. Write the last day it applies as YYYY-MM-DD", line: line),
            "exception" => new ConfigurationProblem(path, ConfigurationErrorIds.ExceptionIncomplete, $"the exception has no {name}: every exception needs {all}", line: line),
            _ => new ConfigurationProblem(path, ConfigurationErrorIds.MissingValue, $"{name} is required here", line: line),
        };
    }

    private static string UnknownKeyMessage(string name, string parent, JObject? properties)
    {
        string[] known = properties?.Properties().Select(p => p.Name).Where(n => n != "$schema").ToArray() ?? Array.Empty<string>();
        string where = parent == "$" ? "the configuration" : parent.Substring(2);
        string message = $"'{name}' is not a key of {where}: a misspelt key would silently leave checks unconfigured.";
        string? suggestion = known.OrderBy(k => Distance(k, name)).FirstOrDefault(k => Distance(k, name) <= Math.Max(2, name.Length / 3));
        if (suggestion is not null)
        {
            message += $" Did you mean '{suggestion}'?";
        }

        return known.Length == 0 ? message : message + " Known keys: " + string.Join(", ", known) + ".";
    }
}
