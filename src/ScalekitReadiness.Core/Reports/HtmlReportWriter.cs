using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace ScalekitReadiness.Reports;

/// <summary>
/// One self-contained HTML page (inline CSS and script, no request of any kind): the verdict, counts by status,
/// by section and by severity, and a sortable, filterable table of every finding with its reasons, evidence and
/// remediation. Printable: the controls disappear and every shown finding prints expanded.
/// </summary>
/// <remarks>
/// Results carry text that servers control, so every value is HTML-encoded, links are made only from absolute
/// http(s) URLs, and a Content-Security-Policy allows exactly this page's own style and script (by hash):
/// even a slip in encoding could not run a script or load anything.
/// </remarks>
internal sealed class HtmlReportWriter : ReportWriter
{
    private const string Style = @"
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa;
  --failed: #b42318; --error: #7a0916; --warning: #9a6700; --passed: #1a7f37; --notrun: #57606a; --manual: #0550ae; --attested: #6639ba; --excepted: #6639ba; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0 auto; max-width: 1280px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', 'DejaVu Sans', sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 13px; margin: 10px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
code, .mono { font-family: ui-monospace, 'SFMono-Regular', 'Liberation Mono', 'DejaVu Sans Mono', monospace; font-size: 12.5px; }
.meta { color: var(--muted); margin: 0; }
.verdict { font-size: 16px; font-weight: 600; margin: 14px 0 0; padding: 10px 14px; border-radius: 6px; border: 1px solid var(--line); }
.verdict.fail { border-color: var(--failed); color: var(--failed); background: #fff5f5; }
.verdict.pass { border-color: var(--passed); color: var(--passed); background: #f3fbf5; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 18px; }
.card { min-width: 104px; padding: 10px 14px; border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; background: var(--soft); }
.card .count { display: block; font-size: 26px; font-weight: 700; line-height: 1.1; }
.card .label { color: var(--muted); }
.s-Failed { border-left-color: var(--failed); } .s-Error { border-left-color: var(--error); } .s-Warning { border-left-color: var(--warning); }
.s-Passed { border-left-color: var(--passed); } .s-NotRun { border-left-color: var(--notrun); } .s-Manual { border-left-color: var(--manual); }
.s-Attested { border-left-color: var(--attested); } .s-Excepted { border-left-color: var(--excepted); }
.matrices { display: flex; flex-wrap: wrap; gap: 28px; }
.matrices > div { flex: 1 1 420px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
table.matrix td { text-align: right; font-variant-numeric: tabular-nums; }
table.matrix td.zero { color: #afb8c1; }
table.matrix thead th:not(:first-child) { text-align: right; }
.controls { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; margin: 0 0 12px; padding: 10px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; }
.controls input[type=search] { width: 280px; padding: 5px 8px; }
.controls select, .controls button, .controls input { font: inherit; }
#shown { margin-left: auto; color: var(--muted); }
#results thead th { position: sticky; top: 0; background: var(--bg); border-bottom: 2px solid var(--fg); white-space: nowrap; }
#results thead th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0; cursor: pointer; color: inherit; }
#results thead th[aria-sort=ascending] button::after { content: ' \25B2'; }
#results thead th[aria-sort=descending] button::after { content: ' \25BC'; }
#results tr.row td { border-bottom: 0; }
#results tr.detail td { background: var(--soft); border-bottom: 1px solid var(--line); }
#results .target, #results .message { overflow-wrap: anywhere; }
#results td.target { min-width: 180px; }
.js tbody.finding:not(.open) tr.detail { display: none; }
.no-js .controls, .no-js .toggle { display: none; }
.toggle { font: inherit; font-size: 12px; margin-left: 6px; padding: 1px 8px; cursor: pointer; }
.badge { display: inline-block; min-width: 68px; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; text-align: center; border: 1px solid currentColor; }
.b-Failed { color: var(--failed); } .b-Error { color: var(--error); } .b-Warning { color: var(--warning); } .b-Passed { color: var(--passed); }
.b-NotRun { color: var(--notrun); } .b-Manual { color: var(--manual); } .b-Attested { color: var(--attested); } .b-Excepted { color: var(--excepted); }
.sev-Critical { font-weight: 700; color: var(--failed); } .sev-High { font-weight: 600; }
ul.reasons { margin: 0; padding-left: 20px; }
table.evidence { width: 100%; }
table.evidence th { width: 24%; font-weight: 600; overflow-wrap: anywhere; }
table.evidence td { white-space: pre-wrap; overflow-wrap: anywhere; }
table.evidence th, table.evidence td { border-bottom: 1px dashed var(--line); padding: 3px 6px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  code, .mono { font-size: 8pt; }
  .controls, .toggle, #shown { display: none !important; }
  #results thead th { position: static; }
  #results thead th button::after { content: '' !important; }
  .js tbody.finding:not(.open) tr.detail { display: table-row; }
  tr.row, .card, table.matrix tr, table.evidence tr, ul.reasons li { break-inside: avoid; }
  tr.row, h2, h3 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

    private const string Script = @"
(function () {
  'use strict';
  var root = document.documentElement;
  root.className = root.className.replace('no-js', 'js');
  var table = document.getElementById('results');
  var findings = Array.prototype.slice.call(table.tBodies);
  var text = document.getElementById('filter');
  var selects = { status: document.getElementById('filter-status'), severity: document.getElementById('filter-severity'), section: document.getElementById('filter-section') };
  var shown = document.getElementById('shown-count');
  var none = document.getElementById('no-match');
  function apply() {
    var needle = text.value.trim().toLowerCase();
    var count = 0;
    findings.forEach(function (f) {
      var ok = (!selects.status.value || f.getAttribute('data-status') === selects.status.value)
        && (!selects.severity.value || f.getAttribute('data-severity') === selects.severity.value)
        && (!selects.section.value || f.getAttribute('data-section') === selects.section.value)
        && (!needle || f.textContent.toLowerCase().indexOf(needle) >= 0);
      f.hidden = !ok;
      if (ok) { count++; }
    });
    shown.textContent = String(count);
    none.hidden = count !== 0;
  }
  text.addEventListener('input', apply);
  Object.keys(selects).forEach(function (k) { selects[k].addEventListener('change', apply); });
  var numeric = { status: true, severity: true, section: true, order: true };
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var attribute = 'data-sort-' + key;
      findings.sort(function (a, b) {
        var x = a.getAttribute(attribute), y = b.getAttribute(attribute);
        var c = numeric[key] ? Number(x) - Number(y) : x.localeCompare(y);
        if (c === 0) { c = Number(a.getAttribute('data-sort-order')) - Number(b.getAttribute('data-sort-order')); return c; }
        return ascending ? c : -c;
      });
      findings.forEach(function (f) { table.appendChild(f); });
    });
  });
  findings.forEach(function (f) {
    var toggle = f.querySelector('.toggle');
    function label() { toggle.textContent = f.classList.contains('open') ? 'Hide details' : 'Details'; toggle.setAttribute('aria-expanded', f.classList.contains('open') ? 'true' : 'false'); }
    toggle.addEventListener('click', function () { f.classList.toggle('open'); label(); });
    label();
  });
  function all(open) { findings.forEach(function (f) { f.classList.toggle('open', open); var t = f.querySelector('.toggle'); t.textContent = open ? 'Hide details' : 'Details'; t.setAttribute('aria-expanded', open ? 'true' : 'false'); }); }
  document.getElementById('expand-all').addEventListener('click', function () { all(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { all(false); });
  apply();
})();
";

    private static readonly string s_styleHash = Hash(Style);
    private static readonly string s_scriptHash = Hash(Script);

    // Problems first: the order of the cards, the columns and the table until a column is sorted.
    private static readonly CheckStatus[] s_statusOrder = ReportSummary.DisplayOrder.ToArray();

    public override ReportFormat Format => ReportFormat.Html;

    /// <summary>HTML-encodes text for element content and quoted attribute values (and drops characters HTML forbids).</summary>
    public static string Encode(string text) => ReportText.Escape(text, c => c switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        '\'' => "&#39;",
        _ => null,
    });

    public override void Write(TextWriter writer, ReportDocument document)
    {
        ReportSummary summary = document.Summary;
        var w = new Html(writer);
        w.Raw("<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\">\n<head>\n<meta charset=\"utf-8\">\n");
        w.Raw($"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{s_styleHash}'; script-src '{s_scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'\">\n");
        w.Raw("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Raw("<meta name=\"generator\" content=\"").Text(ReportDocument.ToolName + " " + ReportDocument.ToolVersion).Raw("\">\n");
        w.Raw("<title>Scalekit readiness report: ").Text(document.DeploymentLabel).Raw("</title>\n");
        w.Raw("<style>").Raw(Style).Raw("</style>\n</head>\n<body>\n");

        WriteHeader(w, document);
        WriteSummary(w, summary);
        WriteFindings(w, document);

        w.Raw("<footer>Written by ").Text(ReportDocument.ToolName + " " + ReportDocument.ToolVersion).Raw(" on ").Text(ReportText.Human(document.GeneratedAt))
            .Raw(". Evidence is redacted: secrets and tokens appear as «redacted:sha256:…». Remediation pages: docs/checks/&lt;id&gt;.md in the ScalekitReadiness project.</footer>\n");
        w.Raw("<script>").Raw(Script).Raw("</script>\n</body>\n</html>\n");
    }

    private static void WriteHeader(Html w, ReportDocument document)
    {
        ReportSummary summary = document.Summary;
        w.Raw("<header>\n<h1>Scalekit readiness report</h1>\n<p class=\"meta\">Deployment: <strong>").Text(document.DeploymentLabel).Raw("</strong>");
        w.Raw(" · Generated ").Text(ReportText.Human(document.GeneratedAt));
        foreach (Guid runId in summary.RunIds)
        {
            w.Raw(" · Run <span class=\"mono\">").Text(runId.ToString("D")).Raw("</span>");
        }

        w.Raw("</p>\n");
        int failing = summary.Failed + summary.Errors;
        if (failing == 0)
        {
            w.Raw("<p class=\"verdict pass\" id=\"verdict\">No Failed or Error result among ").Number(summary.Total).Raw(" (Warning: ").Number(summary.Warnings).Raw(").</p>\n");
        }
        else
        {
            w.Raw("<p class=\"verdict fail\" id=\"verdict\">").Number(failing).Raw(" of ").Number(summary.Total).Raw(" results need attention (Failed: ")
                .Number(summary.Failed).Raw(", Error: ").Number(summary.Errors).Raw(", Warning: ").Number(summary.Warnings).Raw(").</p>\n");
        }

        w.Raw("</header>\n");
    }

    private static void WriteSummary(Html w, ReportSummary summary)
    {
        w.Raw("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
        w.Raw("<div class=\"card\" data-status=\"Total\"><span class=\"count\">").Number(summary.Total).Raw("</span><span class=\"label\">Results</span></div>\n");
        foreach (CheckStatus status in s_statusOrder.Where(s => summary.Count(s) > 0 || s is CheckStatus.Failed or CheckStatus.Error))
        {
            w.Raw($"<div class=\"card s-{status}\" data-status=\"{status}\"><span class=\"count\">").Number(summary.Count(status)).Raw($"</span><span class=\"label\">{status}</span></div>\n");
        }

        w.Raw("</div>\n<div class=\"matrices\">\n");
        CheckStatus[] columns = summary.Statuses.ToArray();
        Matrix(w, "by-section", "By section", "Section", "data-section", summary.Sections.Select(s => (s.ToString(), summary.Count(s), columns.Select(c => summary.Count(s, c)).ToArray())), columns);
        Matrix(w, "by-severity", "By severity", "Severity", "data-severity", summary.Severities.Select(s => (s.ToString(), summary.Count(s), columns.Select(c => summary.Count(s, c)).ToArray())), columns);
        w.Raw("</div>\n</section>\n");
    }

    private static void Matrix(Html w, string id, string heading, string label, string attribute, IEnumerable<(string Name, int Total, int[] Counts)> rows, CheckStatus[] columns)
    {
        w.Raw($"<div>\n<h2>{heading}</h2>\n<table class=\"matrix\" id=\"{id}\">\n<thead><tr><th>{label}</th><th>Total</th>");
        foreach (CheckStatus status in columns)
        {
            w.Raw($"<th>{status}</th>");
        }

        w.Raw("</tr></thead>\n<tbody>\n");
        foreach ((string name, int total, int[] counts) in rows)
        {
            w.Raw($"<tr><th>{name}</th><td {attribute}=\"{name}\" data-status=\"Total\">").Number(total).Raw("</td>");
            for (int i = 0; i < columns.Length; i++)
            {
                w.Raw($"<td {attribute}=\"{name}\" data-status=\"{columns[i]}\"{(counts[i] == 0 ? " class=\"zero\"" : string.Empty)}>").Number(counts[i]).Raw("</td>");
            }

            w.Raw("</tr>\n");
        }

        w.Raw("</tbody>\n</table>\n</div>\n");
    }

    private static void WriteFindings(Html w, ReportDocument document)
    {
        ReportSummary summary = document.Summary;
        w.Raw("<section id=\"findings\">\n<h2>Findings</h2>\n<div class=\"controls\">\n");
        w.Raw("<label>Filter <input type=\"search\" id=\"filter\" placeholder=\"check id, target, reason…\" aria-label=\"Filter the findings\"></label>\n");
        Select(w, "filter-status", "Status", summary.Statuses.Select(s => s.ToString()));
        Select(w, "filter-severity", "Severity", summary.Severities.Select(s => s.ToString()));
        Select(w, "filter-section", "Section", summary.Sections.Select(s => s.ToString()));
        w.Raw("<button type=\"button\" id=\"expand-all\">Expand all</button><button type=\"button\" id=\"collapse-all\">Collapse all</button>\n");
        w.Raw("<span id=\"shown\">Showing <span id=\"shown-count\">").Number(summary.Total).Raw("</span> of <span id=\"total-count\">").Number(summary.Total).Raw("</span></span>\n</div>\n");

        w.Raw("<table id=\"results\">\n<thead><tr>");
        foreach ((string key, string label) in new[] { ("status", "Status"), ("severity", "Severity"), ("check", "Check"), ("section", "Section"), ("target", "Target"), ("message", "Message") })
        {
            w.Raw($"<th data-key=\"{key}\" aria-sort=\"none\"><button type=\"button\">{label}</button></th>");
        }

        w.Raw("</tr></thead>\n");
        CheckResult[] ordered = document.Results
            .Select((r, i) => (Result: r, Index: i))
            .OrderBy(p => Array.IndexOf(s_statusOrder, p.Result.Status))
            .ThenByDescending(p => p.Result.Severity)
            .ThenBy(p => p.Result.CheckId, StringComparer.Ordinal)
            .ThenBy(p => p.Index)
            .Select(p => p.Result)
            .ToArray();
        for (int i = 0; i < ordered.Length; i++)
        {
            Finding(w, ordered[i], i);
        }

        w.Raw("</table>\n<p id=\"no-match\" hidden>No finding matches the filter.</p>\n</section>\n");
    }

    private static void Select(Html w, string id, string label, IEnumerable<string> values)
    {
        w.Raw($"<label>{label} <select id=\"{id}\"><option value=\"\">All</option>");
        foreach (string value in values)
        {
            w.Raw($"<option>{value}</option>");
        }

        w.Raw("</select></label>\n");
    }

    private static void Finding(Html w, CheckResult r, int order)
    {
        bool open = r.Status is CheckStatus.Failed or CheckStatus.Error;
        w.Raw($"<tbody class=\"finding{(open ? " open" : string.Empty)}\" data-status=\"{r.Status}\" data-severity=\"{r.Severity}\" data-section=\"{r.Section}\"");
        w.Raw($" data-sort-status=\"{Array.IndexOf(s_statusOrder, r.Status)}\" data-sort-severity=\"{(int)Severity.Critical - (int)r.Severity}\" data-sort-section=\"{(int)r.Section}\" data-sort-order=\"{order}\"");
        w.Raw(" data-sort-check=\"").Text(r.CheckId).Raw("\" data-sort-target=\"").Text(r.Target).Raw("\" data-sort-message=\"").Text(r.Message).Raw("\">\n");
        w.Raw($"<tr class=\"row\"><td><span class=\"badge b-{r.Status}\">{r.Status}</span></td><td class=\"sev-{r.Severity}\">{r.Severity}</td>");
        w.Raw("<td><code>").Text(r.CheckId).Raw("</code> ").Text(r.Title).Raw($"</td><td>{r.Section}</td>");
        w.Raw("<td class=\"target\">").Text(r.Target).Raw("</td><td class=\"message\">").Text(r.Message).Raw("<button type=\"button\" class=\"toggle\">Details</button></td></tr>\n");

        w.Raw("<tr class=\"detail\"><td colspan=\"6\">\n");
        if (r.Reasons.Count > 0)
        {
            w.Raw("<h3>Reasons</h3>\n<ul class=\"reasons\">\n");
            foreach (string reason in r.Reasons)
            {
                w.Raw("<li>").Text(reason).Raw("</li>\n");
            }

            w.Raw("</ul>\n");
        }

        if (r.Evidence.Count > 0)
        {
            w.Raw("<h3>Evidence</h3>\n<table class=\"evidence\">\n");
            foreach (EvidenceItem item in r.Evidence)
            {
                w.Raw("<tr><th>").Text(item.Name).Raw("</th><td class=\"mono\">").Text(item.Value).Raw("</td></tr>\n");
            }

            w.Raw("</table>\n");
        }

        w.Raw("<h3>Remediation</h3>\n<p>").Text(r.Remediation).Raw("</p>\n<p>Remediation page: ").Link(r.DocsUrl).Raw("</p>\n");
        if (r.References.Count > 0)
        {
            w.Raw("<p>References:</p>\n<ul class=\"reasons\">\n");
            foreach (string reference in r.References)
            {
                w.Raw("<li>").Link(reference).Raw("</li>\n");
            }

            w.Raw("</ul>\n");
        }

        w.Raw("<p class=\"meta\">");
        if (r.NotRunReason is NotRunReason reasonNotRun)
        {
            w.Raw($"Not run: {reasonNotRun} · ");
        }

        w.Raw($"Safety: {r.Safety} · Duration: ").Text(r.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)).Raw(" s · ").Text(ReportText.Human(r.Timestamp));
        if (r.Deployment is not null)
        {
            w.Raw(" · Deployment: ").Text(r.Deployment);
        }

        w.Raw("</p>\n</td></tr>\n</tbody>\n");
    }

    private static string Hash(string content)
    {
        using var sha = SHA256.Create();
        return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(content)));
    }

    /// <summary>Writes markup (trusted, from this class) and text (always encoded).</summary>
    private sealed class Html
    {
        private readonly TextWriter _writer;

        public Html(TextWriter writer)
        {
            _writer = writer;
        }

        public Html Raw(string markup)
        {
            _writer.Write(markup);
            return this;
        }

        public Html Text(string text)
        {
            _writer.Write(Encode(text));
            return this;
        }

        public Html Number(int value)
        {
            _writer.Write(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        /// <summary>A link for an absolute http(s) URL; any other text (a relative path, javascript:...) stays text.</summary>
        public Html Link(string text)
        {
            if (ReportText.WebUrl(text) is Uri url)
            {
                return Raw("<a href=\"").Text(url.AbsoluteUri).Raw("\" rel=\"noopener noreferrer\">").Text(text).Raw("</a>");
            }

            return Raw("<code>").Text(text).Raw("</code>");
        }
    }
}
