namespace ScalekitReadiness;

/// <summary>The file formats <c>Export-SkReadinessReport</c> writes.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained HTML page: summary by section and severity, a sortable and filterable table, every finding's reasons, evidence and remediation.</summary>
    Html,

    /// <summary>Markdown for a CI job summary: the counts and the failures.</summary>
    Markdown,

    /// <summary>JSON with a <c>schemaVersion</c>: every field of every result; <c>Compare-SkReadinessResult</c> reads it back.</summary>
    Json,

    /// <summary>JUnit XML: one test case per result, Failed as failure, Error as error, NotRun as skipped.</summary>
    JUnit,

    /// <summary>SARIF 2.1.0: the problems (Failed, Warning, Error) with the catalog's rule metadata.</summary>
    Sarif,

    /// <summary>Comma-separated values for Excel: one row per result, reasons joined by "; ", evidence as JSON text.</summary>
    Csv,
}
