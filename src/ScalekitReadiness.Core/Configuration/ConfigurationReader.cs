using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Configuration;

/// <summary>Reads the JSON configuration into <see cref="AuditConfiguration"/>, naming every problem by its JSON path.</summary>
internal static class ConfigurationReader
{
    /// <summary>Parses configuration text.</summary>
    /// <param name="json">The document.</param>
    /// <param name="source">The file name (for messages and the deployment name).</param>
    /// <param name="baseDirectory">Relative paths in the file are resolved against this folder.</param>
    /// <exception cref="ConfigurationException">The text is not JSON, or values are of the wrong type.</exception>
    public static AuditConfiguration Parse(string json, string source, string baseDirectory)
    {
        JToken root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
            root = JToken.ReadFrom(reader, new JsonLoadSettings { CommentHandling = CommentHandling.Ignore, DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment)
                {
                    throw new JsonReaderException($"Unexpected content after the document at line {reader.LineNumber}.");
                }
            }
        }
        catch (JsonReaderException ex)
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.NotJson,
                source,
                new[] { new ConfigurationProblem("$", "not valid JSON: " + ex.Message) },
                ex);
        }

        if (root is not JObject document)
        {
            throw new ConfigurationException(
                ConfigurationErrorKind.Invalid,
                source,
                new[] { new ConfigurationProblem("$", "the configuration must be a JSON object, not " + root.Type) });
        }

        return Parse(document, source, baseDirectory);
    }

    /// <summary>Reads a configuration given as a dictionary (a .psd1 file or a -Configuration hashtable).</summary>
    /// <exception cref="ConfigurationException">Values are of the wrong type.</exception>
    public static AuditConfiguration FromDictionary(IDictionary dictionary, string source, string baseDirectory) =>
        Parse(JObject.FromObject(dictionary), source, baseDirectory);

    private static AuditConfiguration Parse(JObject document, string source, string baseDirectory)
    {
        var problems = new List<ConfigurationProblem>();
        var config = new AuditConfiguration { Name = Path.GetFileNameWithoutExtension(source) };
        config.Name = String(document, "Name", problems) ?? config.Name;

        JObject? environment = Section(document, "Environment", problems);
        config.EnvironmentUrl = Url(environment, "Environment", "Url", problems);
        config.ClientId = String(environment, "ClientId", problems, "$.Environment");
        config.ClientSecretEnv = String(environment, "ClientSecretEnv", problems, "$.Environment");
        config.EnvironmentUrlSource = config.EnvironmentUrl is null ? null : "configuration Environment.Url";
        config.ClientIdSource = config.ClientId is null ? null : "configuration Environment.ClientId";
        if (Member(environment, "ClientSecret") is not null)
        {
            problems.Add(new ConfigurationProblem("$.Environment.ClientSecret", "a secret must not be written in the file: put it in an environment variable and name that variable in ClientSecretEnv"));
        }

        JObject? app = Section(document, "App", problems);
        config.App.BaseUrl = Url(app, "App", "BaseUrl", problems);
        config.App.LoginUrl = Url(app, "App", "LoginUrl", problems);
        config.App.CallbackUrl = Url(app, "App", "CallbackUrl", problems);
        config.App.LogoutUrl = Url(app, "App", "LogoutUrl", problems);
        config.App.ProtectedApiUrl = Url(app, "App", "ProtectedApiUrl", problems);
        AddStrings(app, "App", "RedirectUris", config.App.RedirectUris, problems);
        AddStrings(app, "App", "AllowedOrigins", config.App.AllowedOrigins, problems);

        JObject? sourceSection = Section(document, "Source", problems);
        if (String(sourceSection, "Path", problems, "$.Source") is string sourcePath)
        {
            config.SourcePath = Path.GetFullPath(Path.Combine(baseDirectory, sourcePath));
        }

        JObject? mcp = Section(document, "Mcp", problems);
        config.McpServerUrl = Url(mcp, "Mcp", "ServerUrl", problems);

        JObject? network = Section(document, "Network", problems);
        if (Number(network, "TimeoutSeconds", problems, "$.Network") is double timeout)
        {
            if (timeout <= 0 || timeout > 300)
            {
                problems.Add(new ConfigurationProblem("$.Network.TimeoutSeconds", "must be between 0 and 300 seconds"));
            }

            config.Network.TimeoutSeconds = timeout;
        }

        config.Network.Proxy = Url(network, "Network", "Proxy", problems);
        if (String(network, "TrustedCaPath", problems, "$.Network") is string caPath)
        {
            config.Network.TrustedCaPath = Path.GetFullPath(Path.Combine(baseDirectory, caPath));
        }

        JObject? safety = Section(document, "Safety", problems);
        if (Member(safety, "AllowStateChange") is JToken allow)
        {
            if (allow.Type == JTokenType.Boolean)
            {
                config.AllowStateChange = allow.Value<bool>();
            }
            else
            {
                problems.Add(new ConfigurationProblem("$.Safety.AllowStateChange", "must be true or false"));
            }
        }

        if (Number(safety, "MaxRequestsPerSecond", problems, "$.Safety") is double rate)
        {
            if (rate <= 0 || rate > 100)
            {
                problems.Add(new ConfigurationProblem("$.Safety.MaxRequestsPerSecond", "must be between 0 and 100"));
            }

            config.Network.MaxRequestsPerSecond = rate;
        }

        JObject? policy = Section(document, "Policy", problems);
        config.Policy.MaxAccessTokenLifetimeSeconds = WholeNumber(policy, "MaxAccessTokenLifetimeSeconds", problems) ?? config.Policy.MaxAccessTokenLifetimeSeconds;
        config.Policy.MinHstsMaxAgeSeconds = WholeNumber(policy, "MinHstsMaxAgeSeconds", problems) ?? config.Policy.MinHstsMaxAgeSeconds;
        config.Policy.CertificateExpiryWarningDays = (int)(WholeNumber(policy, "CertificateExpiryWarningDays", problems) ?? config.Policy.CertificateExpiryWarningDays);
        config.Policy.CertificateExpiryFailDays = (int)(WholeNumber(policy, "CertificateExpiryFailDays", problems) ?? config.Policy.CertificateExpiryFailDays);

        if (Member(policy, "SeverityOverrides") is JToken overrides)
        {
            if (overrides is JObject map)
            {
                foreach (JProperty entry in map.Properties())
                {
                    if (entry.Value.Type == JTokenType.String && Enum.TryParse(entry.Value.Value<string>(), true, out Severity severity))
                    {
                        config.SeverityOverrides[entry.Name] = severity;
                    }
                    else
                    {
                        problems.Add(new ConfigurationProblem("$.Policy.SeverityOverrides." + entry.Name, "must be one of Critical, High, Medium, Low, Info"));
                    }
                }
            }
            else
            {
                problems.Add(new ConfigurationProblem("$.Policy.SeverityOverrides", "must be an object of check id to severity"));
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationException(ConfigurationErrorKind.Invalid, source, problems);
        }

        return config;
    }

    // Keys match case-insensitively, as PowerShell users expect of hashtables and .psd1 files.
    private static JToken? Member(JObject? section, string name) =>
        section?.GetValue(name, StringComparison.OrdinalIgnoreCase);

    private static JObject? Section(JObject document, string name, List<ConfigurationProblem> problems)
    {
        JToken? token = Member(document, name);
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }

        if (token is JObject section)
        {
            return section;
        }

        problems.Add(new ConfigurationProblem("$." + name, "must be an object"));
        return null;
    }

    private static string? String(JObject? section, string name, List<ConfigurationProblem> problems, string parent = "$")
    {
        JToken? token = Member(section, name);
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }

        if (token.Type != JTokenType.String)
        {
            problems.Add(new ConfigurationProblem(parent + "." + name, "must be a string"));
            return null;
        }

        string value = token.Value<string>()!;
        return value.Length == 0 ? null : value;
    }

    private static double? Number(JObject? section, string name, List<ConfigurationProblem> problems, string parent)
    {
        JToken? token = Member(section, name);
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }

        if (token.Type is JTokenType.Integer or JTokenType.Float)
        {
            return Convert.ToDouble(((JValue)token).Value, CultureInfo.InvariantCulture);
        }

        problems.Add(new ConfigurationProblem(parent + "." + name, "must be a number"));
        return null;
    }

    private static long? WholeNumber(JObject? section, string name, List<ConfigurationProblem> problems)
    {
        JToken? token = Member(section, name);
        if (token is null || token.Type == JTokenType.Null)
        {
            return null;
        }

        if (token.Type == JTokenType.Integer && token.Value<long>() >= 0 && token.Value<long>() <= int.MaxValue)
        {
            return token.Value<long>();
        }

        problems.Add(new ConfigurationProblem("$.Policy." + name, "must be a whole number from 0 to " + int.MaxValue.ToString(CultureInfo.InvariantCulture)));
        return null;
    }

    private static void AddStrings(JObject? section, string sectionName, string name, IList<string> target, List<ConfigurationProblem> problems)
    {
        JToken? token = Member(section, name);
        if (token is null || token.Type == JTokenType.Null)
        {
            return;
        }

        if (token is not JArray array || array.Any(item => item.Type != JTokenType.String))
        {
            problems.Add(new ConfigurationProblem("$." + sectionName + "." + name, "must be an array of strings"));
            return;
        }

        foreach (JToken item in array)
        {
            target.Add(item.Value<string>()!);
        }
    }

    private static string? Url(JObject? section, string sectionName, string name, List<ConfigurationProblem> problems)
    {
        string path = "$." + sectionName;
        string? value = String(section, name, problems, path);
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add(new ConfigurationProblem(path + "." + name, $"'{value}' is not an absolute http(s) URL"));
            return null;
        }

        return value;
    }
}
