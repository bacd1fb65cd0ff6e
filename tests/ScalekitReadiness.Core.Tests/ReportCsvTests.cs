using System.IO;
using System.Linq;
using System.Text;
using ScalekitReadiness.Reports;
using Xunit;

namespace ScalekitReadiness.Tests;

public sealed class ReportCsvTests
{
    [Fact]
    public void ItIsUtf8WithABomCrlfAndEveryFieldQuoted()
    {
        using var stream = new MemoryStream();
        new CsvReportWriter().Write(stream, ReportTestData.Document());
        byte[] bytes = stream.ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        string text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        string[] lines = text.Split("\r\n");
        Assert.Equal(10, lines.Length); // header, 8 rows, and the empty tail after the last CRLF
        Assert.Equal("\"RunId\",\"Deployment\",\"CheckId\",\"Title\",\"Section\",\"Status\",\"Severity\",\"Target\",\"Message\",\"Reasons\",\"NotRunReason\",\"Evidence\",\"Remediation\",\"DocsUrl\",\"References\",\"Safety\",\"DurationSeconds\",\"Timestamp\"", lines[0]);
        Assert.DoesNotContain('\n', text.Replace("\r\n", string.Empty));
    }

    [Fact]
    public void ReasonsAreJoinedAndEvidenceIsJson()
    {
        string csv = new CsvReportWriter().ToText(ReportTestData.Document());
        string first = csv.Split("\r\n")[1];
        Assert.Contains("\"The environment URL is a development host.; <script>window.__xss = 1</script>\"", first);
        Assert.Contains("\"[{\"\"Name\"\":\"\"Request\"\",\"\"Value\"\":\"\"GET https://auth.example.test → 200\"\"}]\"", first);
    }

    [Fact]
    public void AFormulaFromAServerIsShownAsText()
    {
        string csv = new CsvReportWriter().ToText(ReportTestData.Document());
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\"", csv);
        Assert.DoesNotContain(",\"=HYPERLINK", csv);
    }
}
