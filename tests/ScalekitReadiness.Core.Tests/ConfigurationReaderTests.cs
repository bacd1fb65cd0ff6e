using System.Collections;
using System.IO;
using System.Linq;
using ScalekitReadiness.Configuration;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ConfigurationReaderTests
{
    [Fact]
    public void ReadsTheKeysOfThisIssueWithCommentsAndRelativePaths()
    {
        const string json = """
        {
          // comments are allowed, as in the documented examples
          "Environment": { "Url": "https://auth.example.test", "ClientId": "skc_123" },
          "Mcp": { "ServerUrl": "https://mcp.example.test/mcp" },
          "Network": { "TimeoutSeconds": 5, "TrustedCaPath": "certs/ca.pem" },
          "Safety": { "MaxRequestsPerSecond": 2, "AllowStateChange": true },
          "Policy": { "SeverityOverrides": { "SK-MCP-010": "Medium" } }
        }
        """;
        AuditConfiguration configuration = ConfigurationReader.Parse(json, "prod.json", "/etc/skr");

        Assert.Equal("prod", configuration.Name);
        Assert.Equal("https://auth.example.test", configuration.EnvironmentUrl);
        Assert.Equal("https://mcp.example.test/mcp", configuration.McpServerUrl);
        Assert.Equal(5, configuration.Network.TimeoutSeconds);
        Assert.Equal(Path.GetFullPath("/etc/skr/certs/ca.pem"), configuration.Network.TrustedCaPath);
        Assert.Equal(2, configuration.Network.MaxRequestsPerSecond);
        Assert.True(configuration.AllowStateChange);
        Assert.Equal(Severity.Medium, configuration.SeverityOverrides["sk-mcp-010"]);
    }

    [Fact]
    public void TextThatIsNotJsonIsReportedAsSuch()
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse("Mcp: { ServerUrl: x", "bad.json", "."));

        Assert.Equal(ConfigurationErrorKind.NotJson, ex.Kind);
        Assert.Equal("$", ex.Problems.Single().Path);
    }

    [Fact]
    public void EveryProblemIsNamedByItsJsonPath()
    {
        const string json = """{ "Mcp": { "ServerUrl": "mcp.example.test" }, "Network": { "TimeoutSeconds": "ten" }, "Safety": { "AllowStateChange": "yes" } }""";
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Parse(json, "bad.json", "."));

        Assert.Equal(ConfigurationErrorKind.Invalid, ex.Kind);
        Assert.Equal(new[] { "$.Mcp.ServerUrl", "$.Network.TimeoutSeconds", "$.Safety.AllowStateChange" }, ex.Problems.Select(p => p.Path));
        Assert.Contains("'mcp.example.test' is not an absolute http(s) URL", ex.Message);
    }

    [Fact]
    public void AHashtableWithAnyKeyCaseWorksLikeTheFile()
    {
        var table = new Hashtable { ["mcp"] = new Hashtable { ["serverurl"] = "https://mcp.example.test/mcp" } };

        Assert.Equal("https://mcp.example.test/mcp", ConfigurationReader.FromDictionary(table, "-Configuration", ".").McpServerUrl);
    }
}
