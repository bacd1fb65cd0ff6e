using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using ScalekitReadiness.Configuration;
using Xunit;

namespace ScalekitReadiness.Tests;

/// <summary>Every malformed configuration is refused with the JSON path and a stable ErrorId, and every key is read.</summary>
public sealed class ConfigurationValidationTests
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJza2NfMTIzIiwiaXNzIjoiaHR0cHM6Ly9hdXRoLmV4YW1wbGUudGVzdCJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1oZXJl"; // skreadiness:ignore (made-up test value)
    private const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"; // skreadiness:ignore (made-up test value)

    /// <summary>Cases a JSON Schema can express: an independent validator must refuse them too.</summary>
    public static TheoryData<string, string, string, string> SchemaCases => new()
    {
        { "unknown top-level key", """{ "Mcpp": {} }""", "$.Mcpp", "UnknownKey" },
        { "misspelt nested key", """{ "Mcp": { "ServerUrll": "https://mcp.example.test/mcp" } }""", "$.Mcp.ServerUrll", "UnknownKey" },
        { "secret-named unknown key", """{ "Environment": { "ClientSecret": "literal" } }""", "$.Environment.ClientSecret", "LiteralSecret" },
        { "number as text", """{ "Network": { "TimeoutSeconds": "ten" } }""", "$.Network.TimeoutSeconds", "WrongType" },
        { "boolean as text", """{ "Safety": { "AllowStateChange": "yes" } }""", "$.Safety.AllowStateChange", "WrongType" },
        { "history switch as text", """{ "Source": { "IncludeHistory": "yes" } }""", "$.Source.IncludeHistory", "WrongType" },
        { "exclude pattern as a single string", """{ "Source": { "Exclude": "generated/" } }""", "$.Source.Exclude", "WrongType" },
        { "object as array", """{ "Policy": { "SeverityOverrides": [] } }""", "$.Policy.SeverityOverrides", "WrongType" },
        { "the document is not an object", "[]", "$", "WrongType" },
        { "URL without scheme", """{ "Mcp": { "ServerUrl": "mcp.example.test" } }""", "$.Mcp.ServerUrl", "InvalidUrl" },
        { "URL of another scheme", """{ "Environment": { "Url": "ftp://auth.example.test" } }""", "$.Environment.Url", "InvalidUrl" },
        { "relative redirect URI", """{ "App": { "RedirectUris": ["app.example.test/callback"] } }""", "$.App.RedirectUris[0]", "InvalidUrl" },
        { "attestation without By", """{ "Attestations": [ { "CheckId": "SK-MON-030", "On": "2026-10-01", "Evidence": "screenshot" } ] }""", "$.Attestations[0].By", "AttestationIncomplete" },
        { "attestation without On", """{ "Attestations": [ { "CheckId": "SK-MON-030", "By": "ops@example.test", "Evidence": "screenshot" } ] }""", "$.Attestations[0].On", "AttestationIncomplete" },
        { "attestation without Evidence", """{ "Attestations": [ { "CheckId": "SK-MON-030", "By": "ops@example.test", "On": "2026-10-01" } ] }""", "$.Attestations[0].Evidence", "AttestationIncomplete" },
        { "exception without Expires", """{ "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "partner widget", "Owner": "sec@example.test" } ] }""", "$.Exceptions[0].Expires", "ExceptionWithoutExpiry" },
        { "exception with a null Expires", """{ "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "partner widget", "Owner": "sec@example.test", "Expires": null } ] }""", "$.Exceptions[0].Expires", "ExceptionWithoutExpiry" },
        { "exception without Owner", """{ "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "partner widget", "Expires": "2027-01-01" } ] }""", "$.Exceptions[0].Owner", "ExceptionIncomplete" },
        { "unknown check id in SeverityOverrides", """{ "Policy": { "SeverityOverrides": { "SK-QC-999": "Low" } } }""", "$.Policy.SeverityOverrides.SK-QC-999", "InvalidCheckId" },
        { "malformed check id in an attestation", """{ "Attestations": [ { "CheckId": "MON-30", "By": "ops@example.test", "On": "2026-10-01", "Evidence": "x" } ] }""", "$.Attestations[0].CheckId", "InvalidCheckId" },
        { "unknown check id in an exception", """{ "Exceptions": [ { "CheckId": "SK-MCP-011", "Reason": "r", "Owner": "o", "Expires": "2027-01-01" } ] }""", "$.Exceptions[0].CheckId", "InvalidCheckId" },
        { "date in another format", """{ "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "r", "Owner": "o", "Expires": "01/01/2027" } ] }""", "$.Exceptions[0].Expires", "InvalidDate" },
        { "unknown severity", """{ "Policy": { "SeverityOverrides": { "SK-QC-020": "Huge" } } }""", "$.Policy.SeverityOverrides.SK-QC-020", "InvalidValue" },
        { "timeout out of range", """{ "Network": { "TimeoutSeconds": 0 } }""", "$.Network.TimeoutSeconds", "InvalidValue" },
        { "negative whole number", """{ "Policy": { "AttestationMaxAgeDays": -1 } }""", "$.Policy.AttestationMaxAgeDays", "InvalidValue" },
        { "variable name with a dash", """{ "Environment": { "ClientSecretEnv": "MY-VAR" } }""", "$.Environment.ClientSecretEnv", "InvalidValue" },
        { "the same key in two cases", """{ "Mcp": {}, "mcp": {} }""", "$.mcp", "DuplicateKey" },
    };

    /// <summary>Cases only the module's rules catch (a secret in a well-typed value) and JSON that does not parse.</summary>
    public static TheoryData<string, string, string, string> RuleCases => new()
    {
        { "webhook secret in the ...Env key", $$"""{ "Monitoring": { "WebhookSecretEnv": "{{WebhookSecret}}" } }""", "$.Monitoring.WebhookSecretEnv", "LiteralSecret" },
        { "pasted client secret in the ...Env key", """{ "Mcp": { "ClientSecretEnv": "test_abcdef1234567890" } }""", "$.Mcp.ClientSecretEnv", "LiteralSecret" },
        { "token in a free-text key", $$"""{ "Name": "{{Jwt}}" }""", "$.Name", "LiteralSecret" },
        { "token in a tool argument", $$"""{ "Mcp": { "SafeToInvoke": { "list_todos": { "auth": "{{Jwt}}" } } } }""", "$.Mcp.SafeToInvoke.list_todos.auth", "LiteralSecret" },
        { "password in a proxy URL", """{ "Network": { "Proxy": "http://ops:Pr0xyPassw0rd@proxy.example.test:8080" } }""", "$.Network.Proxy", "LiteralSecret" },
        { "not JSON", "Mcp: { ServerUrl: x", "$", "NotJson" },
    };

    [Theory]
    [MemberData(nameof(SchemaCases))]
    [MemberData(nameof(RuleCases))]
    public void EachMalformedConfigurationIsReportedWithItsPathAndErrorId(string name, string json, string path, string errorId)
    {
        ConfigurationProblem problem = Assert.Single(ConfigurationReader.ValidateJson(json, "case.json"));

        Assert.True(path == problem.Path && errorId == problem.ErrorId, $"{name}: got {problem.ErrorId} at {problem.Path}: {problem.Message}");
        Assert.Equal("case.json", problem.Source);
        Assert.Equal(1, problem.Line);
    }

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void ASecretIsNeverRepeatedInTheProblem(string name, string json, string path, string errorId)
    {
        foreach (ConfigurationProblem problem in ConfigurationReader.ValidateJson(json, "case.json"))
        {
            Assert.DoesNotContain(Jwt, problem.Message);
            Assert.DoesNotContain(WebhookSecret, problem.Message);
            Assert.DoesNotContain("test_abcdef1234567890", problem.Message);
            Assert.DoesNotContain("Pr0xyPassw0rd", problem.Message);
        }

        Assert.NotNull(name + path + errorId);
    }

    [Fact]
    public void TheReaderRefusesAnUnknownKeySoATypoNeverSilentlyDisablesAChecks()
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse("""{ "Mcp": { "ServerUrll": "https://mcp.example.test/mcp", "Resource": "res_1" } }""", "prod.json", "."));

        Assert.Equal(ConfigurationErrorKind.Invalid, ex.Kind);
        Assert.Equal(new[] { "$.Mcp.ServerUrll", "$.Mcp.Resource" }, ex.Problems.Select(p => p.Path));
        Assert.Contains("$.Mcp.ServerUrll: 'ServerUrll' is not a key of Mcp: a misspelt key would silently leave checks unconfigured. Did you mean 'ServerUrl'?", ex.Message);
        Assert.Contains("Did you mean 'ResourceId'?", ex.Problems[1].Message);
    }

    [Fact]
    public void KeysMatchRegardlessOfCaseAsInPowerShell()
    {
        AuditConfiguration configuration = ConfigurationReader.Parse("""{ "mcp": { "serverurl": "https://mcp.example.test/mcp" }, "policy": { "severityoverrides": { "SK-MCP-010": "low" } } }""", "c.json", ".");

        Assert.Equal("https://mcp.example.test/mcp", configuration.McpServerUrl);
        Assert.Equal(Severity.Low, configuration.SeverityOverrides["SK-MCP-010"]);
    }

    [Fact]
    public void EveryProblemIsReportedNotOnlyTheFirst()
    {
        const string json = """
        {
          "Mcp": { "ServerUrl": "nope" },
          "Attestations": [ { "CheckId": "SK-MON-030" } ],
          "Exceptions": [ { "CheckId": "SK-QC-020", "Reason": "r", "Owner": "o" } ],
          "Colour": "blue"
        }
        """;

        IReadOnlyList<ConfigurationProblem> problems = ConfigurationReader.ValidateJson(json, "many.json");

        Assert.Equal(
            new[] { "InvalidUrl $.Mcp.ServerUrl 2", "AttestationIncomplete $.Attestations[0].By 3", "AttestationIncomplete $.Attestations[0].On 3", "AttestationIncomplete $.Attestations[0].Evidence 3", "ExceptionWithoutExpiry $.Exceptions[0].Expires 4", "UnknownKey $.Colour 5" },
            problems.Select(p => $"{p.ErrorId} {p.Path} {p.Line}"));
    }

    [Fact]
    public void AHashtableIsValidatedByTheSameRulesWithThePathsOfTheFile()
    {
        var table = new Hashtable
        {
            ["Mcp"] = new Hashtable { ["ServerUrll"] = "https://mcp.example.test/mcp" },
            ["Exceptions"] = new object[] { new Hashtable { ["CheckId"] = "SK-QC-020", ["Reason"] = "r", ["Owner"] = "o" } },
        };

        IReadOnlyList<ConfigurationProblem> problems = ConfigurationReader.ValidateDictionary(table, "-Configuration");

        Assert.Equal(new[] { "$.Exceptions[0].Expires", "$.Mcp.ServerUrll" }, problems.Select(p => p.Path).OrderBy(p => p, StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Null(p.Line));
    }

    [Fact]
    public void HashtableValuesArePowerShellFriendlyDatesEnumsAndUris()
    {
        var table = new Hashtable
        {
            ["Mcp"] = new Hashtable { ["ServerUrl"] = new Uri("https://mcp.example.test/mcp") },
            ["Policy"] = new Hashtable { ["SeverityOverrides"] = new Hashtable { ["SK-MCP-010"] = Severity.Low } },
            ["Exceptions"] = new ArrayList { new Hashtable { ["CheckId"] = "SK-MCP-010", ["Reason"] = "r", ["Owner"] = "o", ["Expires"] = new DateTime(2027, 1, 1, 17, 45, 0) } },
        };

        AuditConfiguration configuration = ConfigurationReader.FromDictionary(table, "-Configuration", ".");

        Assert.Equal("https://mcp.example.test/mcp", configuration.McpServerUrl);
        Assert.Equal(Severity.Low, configuration.SeverityOverrides["SK-MCP-010"]);
        Assert.Equal(new DateTime(2027, 1, 1), Assert.Single(configuration.Exceptions).Expires);
    }

    [Fact]
    public void EveryKeyOfTheArchitectureExampleIsRead()
    {
        AuditConfiguration c = ConfigurationReader.Parse(ConfigurationSchemaTests.ArchitectureExample, "acme.json", "/etc/skr");

        Assert.Equal("acme", c.Name);
        Assert.Equal(("https://auth.acme.com", "skc_58327482062864390", "SCALEKIT_CLIENT_SECRET"), (c.EnvironmentUrl, c.ClientId, c.ClientSecretEnv));
        Assert.Equal("https://app.acme.com/api/me", c.App.ProtectedApiUrl);
        Assert.Equal(new[] { "https://app.acme.com/auth/callback" }, c.App.RedirectUris);
        Assert.Equal(new[] { "https://app.acme.com/" }, c.Dashboard.PostLogoutUrls);
        Assert.Equal(("res_84729301", "SK_MCP_CLIENT_SECRET", "SK_MCP_LIMITED_CLIENT_SECRET"), (c.Mcp.ResourceId, c.Mcp.ClientSecretEnv, c.Mcp.LimitedClientSecretEnv));
        Assert.Equal(new[] { "todo:write" }, c.Mcp.ToolScopes["create_todo"]);
        Assert.Equal("{}", c.Mcp.SafeToInvoke["list_todos"]);
        Assert.Null(c.Mcp.CustomLoginUrl);
        Assert.Equal(System.IO.Path.GetFullPath("/etc/skr"), c.SourcePath);
        Assert.Equal(System.IO.Path.GetFullPath("/etc/skr/docs/runbook.md"), c.Monitoring.RunbookPath);
        Assert.Equal("SCALEKIT_WEBHOOK_SECRET", c.Monitoring.WebhookSecretEnv);
        Assert.Equal((180, 90), (c.Policy.AttestationMaxAgeDays, c.Policy.MinLogRetentionDays));
        Assert.Equal(Severity.Medium, c.SeverityOverrides["SK-QC-020"]);
        Assert.False(c.AllowStateChange);
        Assert.Null(c.Network.Proxy);
        AttestationEntry attestation = Assert.Single(c.Attestations);
        Assert.Equal(("SK-MON-030", "ops@acme.com", new DateTime(2026, 10, 1), 365), (attestation.CheckId, attestation.By, attestation.On, attestation.RetentionDays));
        ExceptionEntry exception = Assert.Single(c.Exceptions);
        Assert.Equal(("SK-QC-020", "https://app.acme.com/api/*", "security@acme.com", new DateTime(2027, 1, 1)), (exception.CheckId, exception.Target, exception.Owner, exception.Expires));
    }

    [Fact]
    public void SourceExcludeAndIncludeHistoryAreRead()
    {
        AuditConfiguration c = ConfigurationReader.Parse("""{ "Source": { "Path": "app", "Exclude": ["generated/", "*.min.js"], "IncludeHistory": true } }""", "s.json", "/etc/skr");
        AuditConfiguration defaults = ConfigurationReader.Parse("""{ "Source": { "Path": "app" } }""", "s.json", "/etc/skr");

        Assert.Empty(ConfigurationReader.ValidateJson("""{ "Source": { "Path": "app", "Exclude": ["generated/"], "IncludeHistory": true } }""", "s.json"));
        Assert.Equal(System.IO.Path.GetFullPath("/etc/skr/app"), c.SourcePath);
        Assert.Equal(new[] { "generated/", "*.min.js" }, c.SourceExclude);
        Assert.True(c.SourceIncludeHistory);
        Assert.Empty(defaults.SourceExclude);
        Assert.False(defaults.SourceIncludeHistory);
    }

    [Fact]
    public void TheStarterFileIsValidAndSetsOnlyWhatWasGiven()
    {
        var starter = new StarterConfiguration
        {
            Name = "prod",
            EnvironmentUrl = "https://auth.example.test",
            McpServerUrl = "https://mcp.example.test/mcp",
            AppBaseUrl = "https://app.example.test/",
            SchemaUri = "file:///opt/ScalekitReadiness/ScalekitReadiness.schema.json",
        };

        string json = starter.ToJson();
        AuditConfiguration configuration = ConfigurationReader.Parse(json, "prod.json", ".");

        Assert.Empty(ConfigurationReader.ValidateJson(json, "prod.json"));
        Assert.Equal(("prod", "https://auth.example.test", "https://mcp.example.test/mcp"), (configuration.Name, configuration.EnvironmentUrl, configuration.McpServerUrl));
        Assert.Equal(new[] { "https://app.example.test" }, configuration.App.AllowedOrigins);
        Assert.Null(configuration.App.LoginUrl);
        Assert.Null(configuration.ClientId);
        Assert.Equal("SCALEKIT_CLIENT_SECRET", configuration.ClientSecretEnv);
        Assert.False(configuration.AllowStateChange);
        Assert.Empty(configuration.Exceptions);
        Assert.Contains("\"$schema\": \"file:///opt/ScalekitReadiness/ScalekitReadiness.schema.json\"", json);
        Assert.Contains("// \"LoginUrl\": \"https://app.example.test/login\",", json);
        Assert.Contains("\"AllowStateChange\": false", json);
    }

    [Fact]
    public void TheStarterFileWithNothingGivenIsStillValid()
    {
        string json = new StarterConfiguration().ToJson();

        Assert.Empty(ConfigurationReader.ValidateJson(json, "empty.json"));
        Assert.DoesNotContain("\"$schema\"", json);
        Assert.Contains("// \"Url\": \"https://auth.example.com\",", json);
    }
}
