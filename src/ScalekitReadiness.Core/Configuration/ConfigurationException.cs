using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.Configuration;

/// <summary>One problem in a configuration, located by its JSON path.</summary>
internal sealed class ConfigurationProblem
{
    public ConfigurationProblem(string path, string message)
    {
        Path = path;
        Message = message;
    }

    /// <summary>Gets the JSON path, e.g. <c>$.Mcp.ServerUrl</c>.</summary>
    public string Path { get; }

    public string Message { get; }

    public override string ToString() => Path + ": " + Message;
}

/// <summary>The configuration cannot be used; <see cref="Problems"/> lists every reason.</summary>
internal sealed class ConfigurationException : Exception
{
    public ConfigurationException(ConfigurationErrorKind kind, string source, IReadOnlyList<ConfigurationProblem> problems, Exception? inner = null)
        : base(BuildMessage(source, problems), inner)
    {
        Kind = kind;
        Source = source;
        Problems = problems;
    }

    public ConfigurationErrorKind Kind { get; }

    public new string Source { get; }

    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    private static string BuildMessage(string source, IReadOnlyList<ConfigurationProblem> problems) =>
        $"The configuration '{source}' cannot be used: " + string.Join("; ", problems.Select(p => p.ToString()));
}

/// <summary>What kind of configuration failure (the cmdlets map each to a stable ErrorId).</summary>
internal enum ConfigurationErrorKind
{
    NotJson,
    Invalid,
}
