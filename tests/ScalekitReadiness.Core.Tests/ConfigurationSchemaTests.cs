using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Configuration;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>The schema file editors use is valid JSON Schema, complete, and the one the module enforces.</summary>
public sealed class ConfigurationSchemaTests
{
    /// <summary>
    /// The configuration example of ARCHITECTURE.md, key for key; its elided values ("…", "skc_…") are filled with
    /// values of the right shape, since an elided URL is not a URL.
    /// </summary>
    internal const string ArchitectureExample = """
    {
      "Environment": { "Url": "https://auth.acme.com", "ClientId": "skc_58327482062864390", "ClientSecretEnv": "SCALEKIT_CLIENT_SECRET" },
      "App": {
        "BaseUrl": "https://app.acme.com", "LoginUrl": "https://app.acme.com/login", "CallbackUrl": "https://app.acme.com/auth/callback",
        "LogoutUrl": "https://app.acme.com/logout", "ProtectedApiUrl": "https://app.acme.com/api/me",
        "RedirectUris": ["https://app.acme.com/auth/callback"], "AllowedOrigins": ["https://app.acme.com"]
      },
      "Dashboard": { "AllowedCallbackUrls": ["https://app.acme.com/auth/callback"], "PostLogoutUrls": ["https://app.acme.com/"] },
      "Mcp": {
        "ServerUrl": "https://mcp.acme.com/mcp", "ResourceId": "res_84729301",
        "ClientId": "m2m_58327482062864391", "ClientSecretEnv": "SK_MCP_CLIENT_SECRET",
        "LimitedClient": { "ClientId": "m2m_58327482062864392", "ClientSecretEnv": "SK_MCP_LIMITED_CLIENT_SECRET" },
        "ToolScopes": { "list_todos": ["todo:read"], "create_todo": ["todo:write"] },
        "SafeToInvoke": { "list_todos": {} },
        "CustomLoginUrl": null
      },
      "Source": { "Path": "." },
      "Monitoring": { "RunbookPath": "docs/runbook.md", "WebhookUrl": "https://app.acme.com/webhooks/scalekit", "WebhookSecretEnv": "SCALEKIT_WEBHOOK_SECRET" },
      "Policy": { "MaxAccessTokenLifetimeSeconds": 3600, "MinHstsMaxAgeSeconds": 15552000, "CertificateExpiryWarningDays": 30,
                  "AttestationMaxAgeDays": 180, "MinLogRetentionDays": 90, "SeverityOverrides": { "SK-QC-020": "Medium" } },
      "Safety": { "AllowStateChange": false, "MaxRequestsPerSecond": 5 },
      "Network": { "TimeoutSeconds": 10, "Proxy": null, "TrustedCaPath": null },
      "Attestations": [ { "CheckId": "SK-MON-030", "By": "ops@acme.com", "On": "2026-10-01", "Evidence": "Dashboard > Auth Logs retention screenshot, ticket OPS-12", "RetentionDays": 365 } ],
      "Exceptions":   [ { "CheckId": "SK-QC-020", "Target": "https://app.acme.com/api/*", "Reason": "Partner widget until the gateway ships", "Owner": "security@acme.com", "Expires": "2027-01-01" } ]
    }
    """;

    [Fact]
    public void TheSchemaFileIsValidJsonSchema202012()
    {
        using JsonDocument schema = JsonDocument.Parse(SchemaText());

        EvaluationResults results = MetaSchemas.Draft202012.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, Describe(results));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void TheArchitectureExampleIsValidForAnIndependentValidatorAndForTheModule()
    {
        EvaluationResults results = Evaluate(ArchitectureExample);

        Assert.True(results.IsValid, Describe(results));
        Assert.Empty(ConfigurationReader.ValidateJson(ArchitectureExample, "example.json"));
    }

    [Fact]
    public void TheEmbeddedSchemaIsTheModuleFile()
    {
        Assert.True(JToken.DeepEquals(JObject.Parse(SchemaText()), ConfigurationSchema.Default.Document));
    }

    [Fact]
    public void EveryKeyOfTheSchemaIsDescribedForEditors()
    {
        var undescribed = new List<string>();
        void Walk(JObject schema, string path)
        {
            foreach (JProperty member in (schema["properties"] as JObject)?.Properties() ?? Enumerable.Empty<JProperty>())
            {
                var property = (JObject)member.Value;
                JObject resolved = property["$ref"] is JValue reference ? (JObject)ConfigurationSchema.Default.Document["$defs"]![reference.Value<string>()!.Split('/').Last()]! : property;
                if (property["description"] is null && resolved["description"] is null)
                {
                    undescribed.Add(path + "." + member.Name);
                }

                Walk(resolved, path + "." + member.Name);
            }
        }

        Walk(ConfigurationSchema.Default.Document, "$");
        foreach (JProperty definition in ((JObject)ConfigurationSchema.Default.Document["$defs"]!).Properties())
        {
            Walk((JObject)definition.Value, "$defs." + definition.Name);
        }

        Assert.Empty(undescribed);
    }

    [Fact]
    public void TheCatalogIdsOfCoreAreTheSchemaEnumAndCoverEveryImplementedCheck()
    {
        JObject checkId = (JObject)ConfigurationSchema.Default.Document["$defs"]!["checkId"]!;

        Assert.Equal(CatalogCheckIds.All, checkId["enum"]!.Values<string>());
        Assert.Equal(CatalogCheckIds.Pattern, checkId["pattern"]!.Value<string>());
        Assert.All(CheckCatalog.All, check => Assert.True(CatalogCheckIds.Contains(check.Definition.Id), check.Definition.Id + " is not in CatalogCheckIds"));
        Assert.All(CatalogCheckIds.All, id => Assert.True(CatalogCheckIds.IsWellFormed(id), id));
    }

    [Fact]
    public void AKeywordTheValidatorDoesNotImplementIsRefusedRatherThanIgnored()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ConfigurationSchema.Parse("""{ "type": "object", "properties": { "A": { "oneOf": [] } } }"""));

        Assert.Contains("'oneOf' at #/properties/A", ex.Message);
    }

    [Theory]
    [MemberData(nameof(ConfigurationValidationTests.SchemaCases), MemberType = typeof(ConfigurationValidationTests))]
    public void EveryCaseTheSchemaCanExpressIsAlsoRefusedByAnIndependentValidator(string name, string json, string path, string errorId)
    {
        EvaluationResults results = Evaluate(json);

        Assert.False(results.IsValid, $"{name}: JsonSchema.Net accepts what the module refuses ({errorId} at {path})");
    }

    internal static string SchemaText()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "module", "ScalekitReadiness.schema.json")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return File.ReadAllText(Path.Combine(directory ?? throw new InvalidOperationException("module/ScalekitReadiness.schema.json not found above the test folder"), "module", "ScalekitReadiness.schema.json"));
    }

    private static EvaluationResults Evaluate(string json)
    {
        JsonSchema schema = JsonSchema.FromText(SchemaText());
        using JsonDocument instance = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? (IEnumerable<EvaluationResults>)Array.Empty<EvaluationResults>())
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));
}
