using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Configuration;

/// <summary>
/// Reads a configuration (JSON with comments, or a dictionary from a .psd1 file or a hashtable) into
/// <see cref="AuditConfiguration"/>. It validates first, against the schema and the rules no schema can say (literal
/// secrets), and reports every problem by its JSON path; only a document without problems is mapped.
/// </summary>
internal static class ConfigurationReader
{
    /// <summary>Parses configuration text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">The file name (for messages and the deployment name).</param>
    /// <param name="baseDirectory">Relative paths in the file are resolved against this folder.</param>
    /// <exception cref="ConfigurationException">The text is not JSON, or the configuration has problems.</exception>
    public static AuditConfiguration Parse(string json, string source, string baseDirectory) =>
        Read(ReadJson(json, source), source, baseDirectory);

    /// <summary>Reads a configuration given as a dictionary (a .psd1 file or a -Configuration hashtable).</summary>
    /// <exception cref="ConfigurationException">The configuration has problems.</exception>
    public static AuditConfiguration FromDictionary(IDictionary dictionary, string source, string baseDirectory) =>
        Read(ToDocument(dictionary), source, baseDirectory);

    /// <summary>Parses JSON text (comments allowed, duplicate keys refused) into a document with line numbers.</summary>
    /// <exception cref="ConfigurationException">The text is not JSON (kind <see cref="ConfigurationErrorKind.NotJson"/>).</exception>
    public static JToken ReadJson(string json, string source)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double, MaxDepth = 64 };
            JToken root = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                CommentHandling = CommentHandling.Ignore,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
                LineInfoHandling = LineInfoHandling.Load,
            });
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment)
                {
                    throw new JsonReaderException($"Unexpected content after the document at line {reader.LineNumber}.", reader.Path, reader.LineNumber, reader.LinePosition, null);
                }
            }

            return root;
        }
        catch (JsonReaderException ex)
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.NotJson,
                source,
                new[] { new ConfigurationProblem("$", ConfigurationErrorIds.NotJson, "not valid JSON: " + ex.Message, source, Math.Max(1, ex.LineNumber)) },
                ex);
        }
    }

    /// <summary>
    /// Turns a dictionary into a document. Values a script puts in a hashtable are accepted the PowerShell way:
    /// PSObject wrappers are unwrapped, custom objects become objects, enums, URIs and other objects their text.
    /// </summary>
    public static JToken ToDocument(object? value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case null:
                return JValue.CreateNull();
            case string text:
                return new JValue(text);
            case bool flag:
                return new JValue(flag);
            case char c:
                return new JValue(c.ToString());
            case Enum member:
                return new JValue(member.ToString());
            case byte or sbyte or short or ushort or int or uint or long:
                return new JValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong or float or double or decimal:
                return new JValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            // Dates in the configuration are days: Expires = (Get-Date).AddDays(30) means that day.
            case DateTime date:
                return new JValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case DateTimeOffset date:
                return new JValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case Uri uri:
                return new JValue(uri.OriginalString);
            case IDictionary dictionary:
                var obj = new JObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToDocument(entry.Value);
                }

                return obj;
            case IEnumerable items:
                return new JArray(items.Cast<object?>().Select(ToDocument).ToArray());
            default:
                return (JToken?)CustomObject(value) ?? new JValue(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Returns every problem of configuration text, including "not JSON" (for Test-SkReadinessConfiguration).</summary>
    public static IReadOnlyList<ConfigurationProblem> ValidateJson(string json, string source)
    {
        try
        {
            return Validate(ReadJson(json, source), source);
        }
        catch (ConfigurationException ex)
        {
            return ex.Problems;
        }
    }

    /// <summary>Returns every problem of a configuration given as a dictionary.</summary>
    public static IReadOnlyList<ConfigurationProblem> ValidateDictionary(IDictionary dictionary, string source) =>
        Validate(ToDocument(dictionary), source);

    /// <summary>Returns every problem of <paramref name="document"/>, in document order; secrets first and alone at their path.</summary>
    public static IReadOnlyList<ConfigurationProblem> Validate(JToken document, string? source)
    {
        var problems = new List<ConfigurationProblem>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        LiteralSecretRule.Find(document, problems, covered);
        var schemaProblems = new List<ConfigurationProblem>();
        ConfigurationSchema.Default.Validate(document, schemaProblems, covered);
        return problems.Concat(schemaProblems)
            .OrderBy(p => p.Line ?? 0)
            .Select(p => source is null ? p : p.In(source))
            .ToArray();
    }

    private static AuditConfiguration Read(JToken document, string source, string baseDirectory)
    {
        IReadOnlyList<ConfigurationProblem> problems = Validate(document, source);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(ConfigurationErrorKind.Invalid, source, problems);
        }

        return Map((JObject)document, source, baseDirectory);
    }

    // PowerShell's PSObject wraps values taken from a pipeline; Core has no PowerShell reference, so unwrap by name.
    private static object? Unwrap(object? value)
    {
        while (value is not null && value.GetType().FullName == "System.Management.Automation.PSObject")
        {
            object? inner = value.GetType().GetProperty("BaseObject")?.GetValue(value);
            if (inner is null || inner.GetType().FullName == "System.Management.Automation.PSCustomObject")
            {
                return value;
            }

            value = inner;
        }

        return value;
    }

    private static JObject? CustomObject(object value)
    {
        if (value.GetType().FullName != "System.Management.Automation.PSObject" || value.GetType().GetProperty("Properties")?.GetValue(value) is not IEnumerable properties)
        {
            return null;
        }

        var obj = new JObject();
        foreach (object property in properties)
        {
            string? name = property.GetType().GetProperty("Name")?.GetValue(property) as string;
            if (name is not null && obj.Property(name, StringComparison.Ordinal) is null)
            {
                obj.Add(name, ToDocument(property.GetType().GetProperty("Value")?.GetValue(property)));
            }
        }

        return obj;
    }

    private static AuditConfiguration Map(JObject document, string source, string baseDirectory)
    {
        var config = new AuditConfiguration { Name = Text(document, "Name") ?? Path.GetFileNameWithoutExtension(source) };

        JObject? environment = Section(document, "Environment");
        config.EnvironmentUrl = Text(environment, "Url");
        config.ClientId = Text(environment, "ClientId");
        config.ClientSecretEnv = Text(environment, "ClientSecretEnv");
        config.EnvironmentUrlSource = config.EnvironmentUrl is null ? null : "configuration Environment.Url";
        config.ClientIdSource = config.ClientId is null ? null : "configuration Environment.ClientId";

        JObject? app = Section(document, "App");
        config.App.BaseUrl = Text(app, "BaseUrl");
        config.App.LoginUrl = Text(app, "LoginUrl");
        config.App.CallbackUrl = Text(app, "CallbackUrl");
        config.App.LogoutUrl = Text(app, "LogoutUrl");
        config.App.ProtectedApiUrl = Text(app, "ProtectedApiUrl");
        AddTexts(app, "RedirectUris", config.App.RedirectUris);
        AddTexts(app, "AllowedOrigins", config.App.AllowedOrigins);

        JObject? dashboard = Section(document, "Dashboard");
        AddTexts(dashboard, "AllowedCallbackUrls", config.Dashboard.AllowedCallbackUrls);
        AddTexts(dashboard, "PostLogoutUrls", config.Dashboard.PostLogoutUrls);

        JObject? mcp = Section(document, "Mcp");
        config.McpServerUrl = Text(mcp, "ServerUrl");
        config.Mcp.ResourceId = Text(mcp, "ResourceId");
        config.Mcp.ClientId = Text(mcp, "ClientId");
        config.Mcp.ClientSecretEnv = Text(mcp, "ClientSecretEnv");
        JObject? limited = Section(mcp, "LimitedClient");
        config.Mcp.LimitedClientId = Text(limited, "ClientId");
        config.Mcp.LimitedClientSecretEnv = Text(limited, "ClientSecretEnv");
        AddScopes(Section(mcp, "ToolScopes"), config.Mcp.ToolScopes);
        AddScopes(Section(mcp, "ResourceScopes"), config.Mcp.ResourceScopes);
        foreach (JProperty tool in Section(mcp, "SafeToInvoke")?.Properties() ?? Enumerable.Empty<JProperty>())
        {
            config.Mcp.SafeToInvoke[tool.Name] = tool.Value.ToString(Formatting.None);
        }

        config.Mcp.CustomLoginUrl = Text(mcp, "CustomLoginUrl");
        config.Mcp.ClientIdMetadataUrl = Text(mcp, "ClientIdMetadataUrl");
        config.Mcp.AllowDynamicRegistrationProbe = Member(mcp, "AllowDynamicRegistrationProbe")?.Type == JTokenType.Boolean && Member(mcp, "AllowDynamicRegistrationProbe")!.Value<bool>();
        config.Mcp.ForeignAudienceTokenEnv = Text(mcp, "ForeignAudienceTokenEnv");

        JObject? sourceTree = Section(document, "Source");
        config.SourcePath = FullPath(baseDirectory, Text(sourceTree, "Path"));
        AddTexts(sourceTree, "Exclude", config.SourceExclude);
        config.SourceIncludeHistory = Member(sourceTree, "IncludeHistory")?.Type == JTokenType.Boolean && Member(sourceTree, "IncludeHistory")!.Value<bool>();

        JObject? monitoring = Section(document, "Monitoring");
        config.Monitoring.RunbookPath = FullPath(baseDirectory, Text(monitoring, "RunbookPath"));
        config.Monitoring.AlertRunbook = FullPath(baseDirectory, Text(monitoring, "AlertRunbook"));
        config.Monitoring.WebhookUrl = Text(monitoring, "WebhookUrl");
        config.Monitoring.WebhookSecretEnv = Text(monitoring, "WebhookSecretEnv");

        JObject? network = Section(document, "Network");
        config.Network.TimeoutSeconds = Number(network, "TimeoutSeconds") ?? config.Network.TimeoutSeconds;
        config.Network.Proxy = Text(network, "Proxy");
        config.Network.TrustedCaPath = FullPath(baseDirectory, Text(network, "TrustedCaPath"));

        JObject? safety = Section(document, "Safety");
        config.AllowStateChange = Member(safety, "AllowStateChange")?.Type == JTokenType.Boolean && Member(safety, "AllowStateChange")!.Value<bool>();
        config.Network.MaxRequestsPerSecond = Number(safety, "MaxRequestsPerSecond") ?? config.Network.MaxRequestsPerSecond;

        JObject? policy = Section(document, "Policy");
        PolicySettings settings = config.Policy;
        settings.MaxAccessTokenLifetimeSeconds = WholeNumber(policy, "MaxAccessTokenLifetimeSeconds") ?? settings.MaxAccessTokenLifetimeSeconds;
        settings.MinHstsMaxAgeSeconds = WholeNumber(policy, "MinHstsMaxAgeSeconds") ?? settings.MinHstsMaxAgeSeconds;
        settings.CertificateExpiryWarningDays = (int)(WholeNumber(policy, "CertificateExpiryWarningDays") ?? settings.CertificateExpiryWarningDays);
        settings.CertificateExpiryFailDays = (int)(WholeNumber(policy, "CertificateExpiryFailDays") ?? settings.CertificateExpiryFailDays);
        settings.AttestationMaxAgeDays = (int)(WholeNumber(policy, "AttestationMaxAgeDays") ?? settings.AttestationMaxAgeDays);
        settings.MinLogRetentionDays = (int)(WholeNumber(policy, "MinLogRetentionDays") ?? settings.MinLogRetentionDays);
        settings.LogActivityWindowDays = (int)(WholeNumber(policy, "LogActivityWindowDays") ?? settings.LogActivityWindowDays);
        foreach (JProperty entry in Section(policy, "SeverityOverrides")?.Properties() ?? Enumerable.Empty<JProperty>())
        {
            config.SeverityOverrides[entry.Name] = (Severity)Enum.Parse(typeof(Severity), entry.Value.Value<string>()!, true);
        }

        foreach (JObject item in Items(document, "Attestations"))
        {
            config.Attestations.Add(new AttestationEntry(
                Text(item, "CheckId")!,
                Text(item, "By")!,
                Date(Text(item, "On"))!.Value,
                Text(item, "Evidence")!,
                (int?)WholeNumber(item, "RetentionDays"),
                Date(Text(item, "Expires"))));
        }

        foreach (JObject item in Items(document, "Exceptions"))
        {
            config.Exceptions.Add(new ExceptionEntry(
                Text(item, "CheckId")!,
                Text(item, "Target"),
                Text(item, "Reason")!,
                Text(item, "Owner")!,
                Date(Text(item, "Expires"))!.Value));
        }

        return config;
    }

    // Keys match case-insensitively, as PowerShell users expect of hashtables and .psd1 files.
    private static JToken? Member(JObject? section, string name)
    {
        JToken? token = section?.GetValue(name, StringComparison.OrdinalIgnoreCase);
        return token is null || token.Type is JTokenType.Null or JTokenType.Undefined ? null : token;
    }

    private static JObject? Section(JObject? document, string name) => Member(document, name) as JObject;

    private static string? Text(JObject? section, string name)
    {
        string? value = Member(section, name)?.Value<string>();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static double? Number(JObject? section, string name) => Member(section, name)?.Value<double>();

    private static long? WholeNumber(JObject? section, string name) => Member(section, name) is JToken token ? (long)token.Value<double>() : null;

    private static DateTime? Date(string? value) =>
        value is null ? null : DateTime.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string? FullPath(string baseDirectory, string? path) =>
        path is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, path));

    private static void AddTexts(JObject? section, string name, IList<string> target)
    {
        foreach (JToken item in Member(section, name) as JArray ?? new JArray())
        {
            target.Add(item.Value<string>()!);
        }
    }

    private static void AddScopes(JObject? map, IDictionary<string, IList<string>> target)
    {
        foreach (JProperty entry in map?.Properties() ?? Enumerable.Empty<JProperty>())
        {
            target[entry.Name] = ((JArray)entry.Value).Values<string>().Select(s => s!).ToList();
        }
    }

    private static IEnumerable<JObject> Items(JObject document, string name) =>
        (Member(document, name) as JArray ?? new JArray()).OfType<JObject>();
}
