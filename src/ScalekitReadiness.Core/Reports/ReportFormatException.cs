using System;

namespace ScalekitReadiness.Reports;

/// <summary>Why a report file cannot be read back.</summary>
internal enum ReportFormatProblem
{
    /// <summary>Not JSON, not a ScalekitReadiness report, or a field is missing or of the wrong type.</summary>
    NotReadable,

    /// <summary>A report of a schemaVersion this version does not know (written by a newer module).</summary>
    UnsupportedSchemaVersion,
}

/// <summary>A Json report that cannot be turned back into results; the message names the file and the JSON path.</summary>
internal sealed class ReportFormatException : Exception
{
    public ReportFormatException(ReportFormatProblem problem, string message, Exception? inner = null)
        : base(message, inner)
    {
        Problem = problem;
    }

    public ReportFormatProblem Problem { get; }
}
