using System.Globalization;

namespace ScalekitReadiness;

/// <summary>One problem in a configuration, as <c>Test-SkReadinessConfiguration</c> reports it.</summary>
public sealed class ConfigurationProblem
{
    internal ConfigurationProblem(string path, string errorId, string message, string? source = null, int? line = null)
    {
        Path = path;
        ErrorId = errorId;
        Message = message;
        Source = source;
        Line = line;
    }

    /// <summary>Gets the configuration file (or <c>-Configuration</c>) the problem is in.</summary>
    public string? Source { get; }

    /// <summary>Gets the JSON path of the offending key or value, such as <c>$.Mcp.ServerUrl</c> or <c>$.Exceptions[0].Expires</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the stable kind of problem, such as <c>UnknownKey</c> or <c>LiteralSecret</c>; the error record of the problem has the same ErrorId.</summary>
    public string ErrorId { get; }

    /// <summary>Gets what is wrong and what to do, never echoing a secret.</summary>
    public string Message { get; }

    /// <summary>Gets the line in a JSON file (1-based); null for a .psd1 file or a hashtable.</summary>
    public int? Line { get; }

    /// <summary>Returns a copy located in <paramref name="source"/>.</summary>
    internal ConfigurationProblem In(string source) => new(Path, ErrorId, Message, source, Line);

    /// <inheritdoc/>
    public override string ToString() =>
        Path + ": " + Message + (Line is int line ? " (line " + line.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);
}
