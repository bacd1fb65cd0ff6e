using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScalekitReadiness.Configuration;

/// <summary>
/// The commented starter file of <c>New-SkReadinessConfiguration</c>, as JSON (with comments) or a .psd1 file. Keys
/// the caller gave are set; the others are written commented out with an example, so the file runs as written and
/// shows what to fill in. Comments are the schema's descriptions. Secrets appear only as environment variable names.
/// </summary>
internal sealed class StarterConfiguration
{
    private const int Width = 100;

    /// <summary>Gets or sets the deployment name.</summary>
    public string? Name { get; set; }

    public string? EnvironmentUrl { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Gets or sets the NAME of the variable holding the client secret.</summary>
    public string ClientSecretEnv { get; set; } = CredentialResolver.ClientSecretVariable;

    public string? McpServerUrl { get; set; }

    public string? AppBaseUrl { get; set; }

    /// <summary>Gets or sets the URI of the schema file, written as <c>$schema</c> (JSON) or in a comment (.psd1).</summary>
    public string? SchemaUri { get; set; }

    /// <summary>Renders the file as JSON with comments.</summary>
    public string ToJson() => new Renderer(json: true).Render(Build(), SchemaUri, Name);

    /// <summary>Renders the file as a PowerShell data file.</summary>
    public string ToPsd1() => new Renderer(json: false).Render(Build(), SchemaUri, Name);

    private static Member Set(string key, JToken value) => new(key, value, true);

    private static Member Example(string key, JToken value) => new(key, value, false);

    private static Member Section(string key, params Member[] members) => new(key, null, true, members);

    private static JArray Strings(params string[] values) => new(values.Select(v => (object)v).ToArray());

    private Member[] Build()
    {
        string app = (AppBaseUrl ?? "https://app.example.com").TrimEnd('/');
        string origin = Uri.TryCreate(app, UriKind.Absolute, out Uri? appUri) ? appUri.GetLeftPart(UriPartial.Authority) : app;
        string mcp = McpServerUrl ?? "https://mcp.example.com/mcp";
        return new[]
        {
            Section(
                "Environment",
                Member("Url", EnvironmentUrl, "https://auth.example.com"),
                Member("ClientId", ClientId, "skc_..."),
                Set("ClientSecretEnv", ClientSecretEnv)),
            Section(
                "App",
                Member("BaseUrl", AppBaseUrl, app),
                Example("LoginUrl", app + "/login"),
                Example("CallbackUrl", app + "/auth/callback"),
                Example("LogoutUrl", app + "/logout"),
                Example("ProtectedApiUrl", app + "/api/me"),
                Example("RedirectUris", Strings(app + "/auth/callback")),
                AppBaseUrl is null ? Example("AllowedOrigins", Strings(origin)) : Set("AllowedOrigins", Strings(origin))),
            Section(
                "Dashboard",
                Example("AllowedCallbackUrls", Strings(app + "/auth/callback")),
                Example("PostLogoutUrls", Strings(app + "/"))),
            Section(
                "Mcp",
                Member("ServerUrl", McpServerUrl, mcp),
                Example("ResourceId", "res_..."),
                Example("ClientId", "m2m client id"),
                Example("ClientSecretEnv", "SK_MCP_CLIENT_SECRET"),
                Example("ToolScopes", new JObject { ["list_todos"] = Strings("todo:read") }),
                Example("SafeToInvoke", new JObject { ["list_todos"] = new JObject() })),
            Section("Source", Example("Path", "."), Example("Exclude", Strings("tests/fixtures/")), Example("IncludeHistory", false)),
            Section(
                "Monitoring",
                Example("RunbookPath", "docs/runbook.md"),
                Example("WebhookUrl", app + "/webhooks/scalekit"),
                Example("WebhookSecretEnv", "SCALEKIT_WEBHOOK_SECRET")),
            Section(
                "Policy",
                Example("MaxAccessTokenLifetimeSeconds", 3600),
                Example("MinHstsMaxAgeSeconds", 15552000),
                Example("CertificateExpiryWarningDays", 30),
                Example("AttestationMaxAgeDays", 180),
                Example("SeverityOverrides", new JObject { ["SK-QC-020"] = "Medium" })),
            Section(
                "Safety",
                Set("AllowStateChange", false),
                Set("MaxRequestsPerSecond", 5)),
            Section(
                "Network",
                Set("TimeoutSeconds", 10),
                Example("Proxy", "http://proxy.example.com:8080"),
                Example("TrustedCaPath", "internal-ca.pem")),
            new Member("Attestations", new JArray(), true, Array.Empty<Member>(), new JObject
            {
                ["CheckId"] = "SK-MON-030", ["By"] = "ops@example.com", ["On"] = "2026-01-31", ["Evidence"] = "Dashboard > Auth Logs retention is 365 days (ticket OPS-123)", ["RetentionDays"] = 365,
            }),
            new Member("Exceptions", new JArray(), true, Array.Empty<Member>(), new JObject
            {
                ["CheckId"] = "SK-QC-020", ["Target"] = app + "/api/*", ["Reason"] = "Partner widget needs CORS until the API gateway ships", ["Owner"] = "security@example.com", ["Expires"] = "2026-12-31",
            }),
        };

        Member Member(string key, string? given, string example) => given is null ? Example(key, example) : Set(key, given);
    }

    private sealed class Member
    {
        public Member(string key, JToken? value, bool active, Member[]? members = null, JObject? exampleItem = null)
        {
            Key = key;
            Value = value;
            Active = active;
            Members = members ?? Array.Empty<Member>();
            ExampleItem = exampleItem;
        }

        public string Key { get; }

        /// <summary>Gets the value; null for a section (see <see cref="Members"/>).</summary>
        public JToken? Value { get; }

        /// <summary>Gets a value indicating whether the member is set, or only shown commented out as an example.</summary>
        public bool Active { get; }

        public Member[] Members { get; }

        /// <summary>Gets an example item shown commented out inside an empty array.</summary>
        public JObject? ExampleItem { get; }
    }

    private sealed class Renderer
    {
        private readonly bool _json;
        private readonly StringBuilder _text = new();

        public Renderer(bool json)
        {
            _json = json;
        }

        private string CommentMark => _json ? "//" : "#";

        public string Render(Member[] sections, string? schemaUri, string? name)
        {
            _text.Append(_json ? "{" : "@{").Append('\n');
            Comment(1, "ScalekitReadiness configuration" + (name is null ? "." : $" of the deployment '{name}'.") +
                " Check it with Test-SkReadinessConfiguration and run it with Invoke-SkReadinessAudit -ConfigurationPath <this file>." +
                " Every key is described in Get-Help about_ScalekitReadiness. Lines marked " + CommentMark + " are examples: fill them in and remove the mark." +
                " Secrets never go in this file: the ...Env keys name the environment variables that hold them.");
            var top = new List<Member>();
            if (_json && schemaUri is not null)
            {
                top.Add(Set("$schema", schemaUri));
            }
            else if (schemaUri is not null)
            {
                Comment(1, "Schema: " + schemaUri);
            }

            if (name is not null)
            {
                top.Add(Set("Name", name));
            }

            Members(top.Concat(sections).ToArray(), 1, Array.Empty<string>());
            _text.Append('}').Append('\n');
            return _text.ToString();
        }

        private string Indent(int level) => new(' ', level * (_json ? 2 : 4));

        private void Members(Member[] members, int level, string[] path)
        {
            int lastActive = Array.FindLastIndex(members, m => m.Active);
            for (int i = 0; i < members.Length; i++)
            {
                Member member = members[i];
                string[] memberPath = path.Concat(new[] { member.Key }).ToArray();
                if (member.Key != "$schema" && ConfigurationSchema.Default.Description(memberPath) is string description)
                {
                    if (level == 1)
                    {
                        _text.Append('\n');
                    }

                    Comment(level, description);
                }

                string separator = _json && i < lastActive ? "," : string.Empty;
                if (member.Value is null)
                {
                    _text.Append(Indent(level)).Append(Key(member.Key)).Append(_json ? ": {" : " = @{").Append('\n');
                    Members(member.Members, level + 1, memberPath);
                    _text.Append(Indent(level)).Append('}').Append(separator).Append('\n');
                }
                else if (member.ExampleItem is not null)
                {
                    _text.Append(Indent(level)).Append(Key(member.Key)).Append(_json ? ": [" : " = @(").Append('\n');
                    Comment(level + 1, "For example:");
                    string mark = Indent(level + 1) + CommentMark + " ";
                    _text.Append(mark).Append(_json ? "{" : "@{").Append('\n');
                    JProperty[] properties = member.ExampleItem.Properties().ToArray();
                    for (int p = 0; p < properties.Length; p++)
                    {
                        _text.Append(mark).Append("  ").Append(Key(properties[p].Name)).Append(_json ? ": " : " = ").Append(Value(properties[p].Value))
                            .Append(_json && p < properties.Length - 1 ? "," : string.Empty).Append('\n');
                    }

                    _text.Append(mark).Append('}').Append('\n');
                    _text.Append(Indent(level)).Append(_json ? "]" : ")").Append(separator).Append('\n');
                }
                else
                {
                    string line = Key(member.Key) + (_json ? ": " : " = ") + Value(member.Value) + (member.Active ? separator : (_json ? "," : string.Empty));
                    _text.Append(Indent(level)).Append(member.Active ? string.Empty : CommentMark + " ").Append(line).Append('\n');
                }
            }
        }

        private void Comment(int level, string text)
        {
            string prefix = Indent(level) + CommentMark + " ";
            var line = new StringBuilder();
            foreach (string word in text.Split(' '))
            {
                if (line.Length > 0 && prefix.Length + line.Length + 1 + word.Length > Width)
                {
                    _text.Append(prefix).Append(line).Append('\n');
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
            }

            _text.Append(prefix).Append(line).Append('\n');
        }

        private string Key(string key) =>
            _json ? JsonConvert.ToString(key) : (key.StartsWith("$", StringComparison.Ordinal) || key.Contains("-") ? Quote(key) : key);

        private string Value(JToken value)
        {
            if (_json)
            {
                return value switch
                {
                    JObject { Count: 0 } => "{}",
                    JObject obj => "{ " + string.Join(", ", obj.Properties().Select(p => Key(p.Name) + ": " + Value(p.Value))) + " }",
                    JArray array => "[" + string.Join(", ", array.Select(Value)) + "]",
                    _ => value.ToString(Formatting.None),
                };
            }

            return value switch
            {
                JObject { Count: 0 } => "@{}",
                JObject obj => "@{ " + string.Join("; ", obj.Properties().Select(p => Key(p.Name) + " = " + Value(p.Value))) + " }",
                JArray array => "@(" + string.Join(", ", array.Select(Value)) + ")",
                JValue { Type: JTokenType.Boolean } flag => flag.Value<bool>() ? "$true" : "$false",
                JValue { Type: JTokenType.Null } => "$null",
                JValue { Type: JTokenType.String } text => Quote(text.Value<string>()!),
                _ => Convert.ToString(((JValue)value).Value, CultureInfo.InvariantCulture)!,
            };
        }

        private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
    }
}
