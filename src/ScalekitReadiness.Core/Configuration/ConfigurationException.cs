using System;
using System.Collections.Generic;
using System.Linq;

namespace ScalekitReadiness.Configuration;

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
        $"The configuration '{source}' cannot be used: " + string.Join("; ", problems.Select(p => p.ToString()))
        + ". Test-SkReadinessConfiguration lists every problem with its ErrorId.";
}

/// <summary>What kind of configuration failure (the cmdlets map each to a stable ErrorId).</summary>
internal enum ConfigurationErrorKind
{
    NotJson,
    Invalid,
}
