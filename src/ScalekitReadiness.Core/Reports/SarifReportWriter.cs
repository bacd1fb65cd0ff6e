using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ScalekitReadiness.Checks;

namespace ScalekitReadiness.Reports;

/// <summary>
/// SARIF 2.1.0 for code-scanning and security dashboards: one run, a rule per check (metadata from the catalog),
/// one result per problem (Failed, Error, Warning) located at the target URL.
/// </summary>
internal sealed class SarifReportWriter : ReportWriter
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public override ReportFormat Format => ReportFormat.Sarif;

    /// <summary>Returns the SARIF level of a problem: how bad it is for the reader of the scan.</summary>
    public static string Level(CheckStatus status, Severity severity) => status switch
    {
        CheckStatus.Warning => severity >= Severity.Medium ? "warning" : "note",
        _ => severity >= Severity.High ? "error" : severity == Severity.Medium ? "warning" : "note",
    };

    /// <summary>Returns GitHub's security-severity score (0.0-10.0) for a severity.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    public static bool IsProblem(CheckResult result) => result.Status is CheckStatus.Failed or CheckStatus.Error or CheckStatus.Warning;

    public override void Write(TextWriter writer, ReportDocument document)
    {
        string[] ruleIds = document.Results.Select(r => r.CheckId).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToArray();
        var ruleIndex = ruleIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        var rules = new JArray(ruleIds.Select(id => Rule(document.Results.First(r => r.CheckId == id))));
        var results = new JArray(document.Results.Where(IsProblem).Select(r => Result(r, ruleIndex[r.CheckId])));

        var run = new JObject
        {
            ["tool"] = new JObject
            {
                ["driver"] = new JObject
                {
                    ["name"] = ReportDocument.ToolName,
                    ["version"] = ReportDocument.ToolVersion,
                    ["semanticVersion"] = ReportDocument.ToolVersion,
                    ["rules"] = rules,
                },
            },
            ["invocations"] = new JArray(new JObject
            {
                ["executionSuccessful"] = true,
                ["endTimeUtc"] = document.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            }),
            ["results"] = results,
        };
        if (document.Summary.RunIds.Count == 1)
        {
            // The category (up to the last slash) keeps the scans of different deployments apart in a dashboard.
            string deployment = document.Summary.Deployments.Count == 1 ? document.Summary.Deployments[0] : "audit";
            run["automationDetails"] = new JObject
            {
                ["id"] = $"ScalekitReadiness/{deployment}/{document.Summary.RunIds[0]:D}",
                ["guid"] = document.Summary.RunIds[0].ToString("D"),
            };
        }

        var log = new JObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JArray(run),
        };
        using var json = new JsonTextWriter(writer) { Formatting = Formatting.Indented, CloseOutput = false };
        log.WriteTo(json);
        json.Flush();
        writer.Write('\n');
    }

    private static JObject Rule(CheckResult sample)
    {
        // The catalog is the source of the rule; a result read from an older or newer report may name a check
        // this version does not know, and then the result's own copy of the metadata stands in.
        CheckDefinition? definition = CheckCatalog.Find(sample.CheckId)?.Definition;
        string title = definition?.Title ?? sample.Title;
        string summary = definition?.Summary is { Length: > 0 } s ? s : title;
        string remediation = definition?.Remediation ?? sample.Remediation;
        Severity severity = definition?.Severity ?? sample.Severity;
        CheckSection section = definition?.Section ?? sample.Section;
        Safety safety = definition?.Safety ?? sample.Safety;
        IEnumerable<string> references = (IEnumerable<string>?)definition?.References ?? sample.References;
        string docs = definition?.DocsUrl ?? sample.DocsUrl;
        return new JObject
        {
            ["id"] = sample.CheckId,
            ["name"] = RuleName(title),
            ["shortDescription"] = new JObject { ["text"] = title },
            ["fullDescription"] = new JObject { ["text"] = summary },
            ["help"] = new JObject { ["text"] = remediation + "\nRemediation page: " + docs },
            ["defaultConfiguration"] = new JObject { ["level"] = Level(CheckStatus.Failed, severity) },
            ["properties"] = new JObject
            {
                ["tags"] = new JArray("security", section.ToString(), safety.ToString()),
                ["security-severity"] = SecuritySeverity(severity),
                ["problem.severity"] = Level(CheckStatus.Failed, severity) == "note" ? "recommendation" : Level(CheckStatus.Failed, severity),
                ["severity"] = severity.ToString(),
                ["docsUrl"] = docs,
                ["references"] = new JArray(references.Cast<object>().ToArray()),
            },
        };
    }

    private static JObject Result(CheckResult result, int ruleIndex)
    {
        var message = new StringBuilder(result.Message);
        if (result.Reasons.Count > 1)
        {
            foreach (string reason in result.Reasons)
            {
                message.Append('\n').Append("- ").Append(reason);
            }
        }

        var sarif = new JObject
        {
            ["ruleId"] = result.CheckId,
            ["ruleIndex"] = ruleIndex,
            ["kind"] = "fail",
            ["level"] = Level(result.Status, result.Severity),
            ["message"] = new JObject { ["text"] = message.ToString() },
            ["locations"] = new JArray(Location(result.Target)),
            ["partialFingerprints"] = new JObject { ["checkIdAndTarget/v1"] = Fingerprint(result) },
            ["properties"] = new JObject
            {
                ["status"] = result.Status.ToString(),
                ["severity"] = result.Severity.ToString(),
                ["section"] = result.Section.ToString(),
                ["target"] = result.Target,
                ["deployment"] = result.Deployment,
                ["runId"] = result.RunId.ToString("D"),
                ["timestamp"] = ReportText.Iso(result.Timestamp),
                ["reasons"] = new JArray(result.Reasons.Cast<object>().ToArray()),
                ["evidence"] = new JArray(result.Evidence.Select(e => new JObject { ["name"] = e.Name, ["value"] = e.Value })),
                ["remediation"] = result.Remediation,
            },
        };
        return sarif;
    }

    private static JObject Location(string target)
    {
        // A URL is the artifact; anything else (a path, "(deployment)") is named as a logical location.
        if (ReportText.WebUrl(target) is Uri url)
        {
            return new JObject
            {
                ["physicalLocation"] = new JObject { ["artifactLocation"] = new JObject { ["uri"] = url.AbsoluteUri } },
            };
        }

        return new JObject
        {
            ["logicalLocations"] = new JArray(new JObject { ["name"] = target, ["kind"] = "resource" }),
        };
    }

    private static string Fingerprint(CheckResult result)
    {
        using var sha = SHA256.Create();
        byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(result.CheckId + "\n" + result.Target));
        return string.Concat(hash.Take(16).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static string RuleName(string title)
    {
        var name = new StringBuilder();
        foreach (string word in title.Split(new[] { ' ', '-', '/', ',', '.', '(', ')', '\'', '"', ':' }, StringSplitOptions.RemoveEmptyEntries))
        {
            string letters = new(word.Where(char.IsLetterOrDigit).ToArray());
            if (letters.Length > 0)
            {
                name.Append(char.ToUpperInvariant(letters[0])).Append(letters.Substring(1));
            }
        }

        return name.Length > 0 ? name.ToString() : "Check";
    }
}
