using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportHtmlTests
{
    private readonly string _html = new HtmlReportWriter().ToText(ReportTestData.Document());

    [Fact]
    public void ServerTextIsEncodedNeverMarkup()
    {
        Assert.DoesNotContain(ReportTestData.Script, _html);
        Assert.DoesNotContain("<img", _html);
        Assert.Contains("&lt;script&gt;window.__xss = 1&lt;/script&gt;", _html);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;", _html);

        // Exactly one script element: the page's own.
        Assert.Single(Regex.Matches(_html, "<script", RegexOptions.IgnoreCase));
    }

    [Fact]
    public void ThePolicyAllowsExactlyThePagesOwnStyleAndScript()
    {
        Match policy = Regex.Match(_html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">");
        Assert.True(policy.Success);
        Assert.StartsWith("default-src 'none'; ", policy.Groups[1].Value);
        Assert.Contains($"style-src '{Hash(Between("<style>", "</style>"))}'", policy.Groups[1].Value);
        Assert.Contains($"script-src '{Hash(Between("<script>", "</script>"))}'", policy.Groups[1].Value);
    }

    [Fact]
    public void ItLoadsNothing()
    {
        // No element attribute that fetches (encoded text such as "&lt;img src=" is not markup).
        Assert.DoesNotMatch(new Regex(@"<[^>]*\s(src|srcset|action|poster|formaction|background)\s*=", RegexOptions.IgnoreCase), _html);
        Assert.DoesNotContain("<link", _html);
        Assert.DoesNotContain("@import", _html);
        Assert.DoesNotContain("url(", _html);
    }

    [Fact]
    public void OnlyAbsoluteWebUrlsBecomeLinks()
    {
        string[] links = Regex.Matches(_html, "<a href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith("https://", link));
        Assert.Contains("https://docs.example.test/SK-MON-990", links);

        // The docs path is relative to the project: shown, not linked.
        Assert.Contains("<code>docs/checks/SK-MCP-010.md</code>", _html);
    }

    [Fact]
    public void TheCountsAreThoseOfTheResults()
    {
        Assert.Equal("8", Card("Total"));
        Assert.Equal("2", Card("Failed"));
        Assert.Equal("1", Card("Error"));
        Assert.Equal("1", Card("Warning"));
        Assert.Equal("2", Card("Passed"));
        Assert.Equal("1", Card("NotRun"));
        Assert.Equal("1", Card("Manual"));
        Assert.Equal("5", Cell("data-section=\"QuickChecks\" data-status=\"Total\""));
        Assert.Equal("1", Cell("data-section=\"QuickChecks\" data-status=\"Error\""));
        Assert.Equal("1", Cell("data-section=\"McpAuthentication\" data-status=\"Failed\""));
        Assert.Equal("2", Cell("data-severity=\"Critical\" data-status=\"Total\""));
        Assert.Equal("1", Cell("data-severity=\"Critical\" data-status=\"Passed\""));
        Assert.Equal(8, Regex.Matches(_html, "<tbody class=\"finding").Count);
        Assert.Contains("<p class=\"verdict fail\" id=\"verdict\">3 of 8 results need attention (Failed: 2, Error: 1, Warning: 1).</p>", _html);
    }

    [Fact]
    public void ProblemsComeFirstAndFailuresAreExpanded()
    {
        string[] order = Regex.Matches(_html, "<tbody class=\"finding( open)?\" data-status=\"(\\w+)\"").Select(m => m.Groups[2].Value + (m.Groups[1].Success ? "+" : string.Empty)).ToArray();
        Assert.Equal(new[] { "Failed+", "Failed+", "Error+", "Warning", "Manual", "NotRun", "Passed", "Passed" }, order);
    }

    [Fact]
    public void AnEmptyRunIsAValidPageThatSaysSo()
    {
        string html = new HtmlReportWriter().ToText(ReportTestData.Document(Array.Empty<CheckResult>()));
        Assert.Contains("No Failed or Error result among 0 (Warning: 0).", html);
        Assert.EndsWith("</html>\n", html);
    }

    private static string Hash(string content)
    {
        using var sha = SHA256.Create();
        return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(content)));
    }

    private string Between(string start, string end)
    {
        int from = _html.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return _html.Substring(from, _html.IndexOf(end, from, StringComparison.Ordinal) - from);
    }

    private string Card(string status) =>
        Regex.Match(_html, $"data-status=\"{status}\"><span class=\"count\">(\\d+)</span>").Groups[1].Value;

    private string Cell(string attributes) =>
        Regex.Match(_html, $"<td {Regex.Escape(attributes)}( class=\"zero\")?>(\\d+)</td>").Groups[2].Value;
}
