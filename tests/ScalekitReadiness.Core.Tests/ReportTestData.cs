using System;
using System.Collections.Generic;
using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Checks;
using ScalekitReadiness.Reports;

namespace ScalekitReadiness.Tests;

/// <summary>Results for the report tests: every status, hostile text, and a check id the catalog does not know.</summary>
internal static class ReportTestData
{
    public const string Script = "<script>window.__xss = 1</script>";
    public const string ImageTrick = "\"><img src=x onerror=\"window.__xss=2\">";

    public static readonly Guid RunId = Guid.Parse("3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b");
    public static readonly DateTimeOffset Clock = new(2026, 11, 20, 8, 30, 15, 123, TimeSpan.Zero);

    /// <summary>Builds a result the way the engine would (the ctor is internal to the assembly, visible to the tests).</summary>
    public static CheckResult Result(
        string checkId,
        CheckStatus status,
        Severity severity,
        string target,
        string message,
        IList<string>? reasons = null,
        NotRunReason? notRunReason = null,
        IList<EvidenceItem>? evidence = null,
        string? deployment = "prod",
        Guid? runId = null,
        CheckSection? section = null)
    {
        CheckDefinition definition = CheckCatalog.Find(checkId)?.Definition
            ?? new CheckDefinition(checkId, "Test check " + checkId, section ?? CheckSection.Monitoring, severity, Safety.Passive, "summary", "Fix it: " + checkId, Array.Empty<string>(), new[] { "RFC 6749 §4.1", "https://docs.example.test/" + checkId });
        return new CheckResult(
            runId ?? RunId,
            deployment,
            definition,
            status,
            severity,
            target,
            message,
            new ReasonList(reasons ?? (status == CheckStatus.Passed ? new List<string>() : new List<string> { message })),
            notRunReason,
            new EvidenceList(evidence ?? new List<EvidenceItem> { new("Request", "GET " + target + " → 200") }),
            TimeSpan.FromTicks(1_234_567),
            Clock);
    }

    /// <summary>Eight results: 2 Failed, 1 Error, 1 Warning, 2 Passed, 1 NotRun, 1 Manual; one reason is a script.</summary>
    public static IReadOnlyList<CheckResult> Sample() => new[]
    {
        Result("SK-QC-001", CheckStatus.Failed, Severity.Critical, "https://auth.example.test", "The environment URL is a development host.", new[] { "The environment URL is a development host.", Script }),
        Result("SK-MCP-010", CheckStatus.Failed, Severity.Medium, "https://mcp.example.test/mcp", "'scopes_supported' is [].", evidence: new[] { new EvidenceItem("resource", ImageTrick), new EvidenceItem("Authorization", "Bearer «redacted:sha256:0123abcd»") }),
        Result("SK-QC-020", CheckStatus.Error, Severity.High, "https://app.example.test/api|me", "The connection was refused: is the server running?"),
        Result("SK-QC-020", CheckStatus.Warning, Severity.High, "https://mcp.example.test/mcp", "WWW-Authenticate is not exposed to browsers."),
        Result("SK-QC-020", CheckStatus.Passed, Severity.High, "https://app.example.test/login", "CORS allows only the configured origins."),
        Result("SK-QC-002", CheckStatus.Passed, Severity.Critical, "https://auth.example.test", "The credentials belong to the environment."),
        // An id the catalog does not have, so its definition is the made-up one above, with a web reference.
        Result("SK-MON-990", CheckStatus.NotRun, Severity.Low, "(deployment)", "Not configured: set Monitoring.RunbookPath to run this check.", notRunReason: NotRunReason.NotConfigured, evidence: new List<EvidenceItem>()),
        Result("SK-MON-040", CheckStatus.Manual, Severity.Info, "=HYPERLINK(\"https://evil.example\")", "A person must confirm the on-call rota."),
    };

    public static ReportDocument Document(IEnumerable<CheckResult>? results = null) => new(results ?? Sample(), Clock);

    /// <summary>The folder of the repository's tests/report-validation (schemas shared with the Pester tests).</summary>
    public static string ValidationFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "report-validation");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/report-validation not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Parses JSON keeping date-like strings as text (JObject.Parse would turn them into dates).</summary>
    public static JObject Json(string text)
    {
        using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None };
        return JObject.Load(reader);
    }
}
