using System.Collections.Generic;

namespace ScalekitReadiness;

/// <summary>A check of the catalog, as <c>Get-SkReadinessCheck</c> shows it.</summary>
public sealed class CheckDefinition
{
    internal CheckDefinition(
        string id,
        string title,
        CheckSection section,
        Severity severity,
        Safety safety,
        string summary,
        string remediation,
        IList<string> needs,
        IList<string> references)
    {
        Id = id;
        Title = title;
        Section = section;
        Severity = severity;
        Safety = safety;
        Summary = summary;
        Remediation = remediation;
        Needs = new ReasonList(needs);
        References = new ReasonList(references);
        DocsUrl = "docs/checks/" + id + ".md";
    }

    /// <summary>Gets the stable catalog id, e.g. <c>SK-MCP-010</c>. Public contract: never renumbered.</summary>
    public string Id { get; }

    /// <summary>Gets the title.</summary>
    public string Title { get; }

    /// <summary>Gets the checklist section.</summary>
    public CheckSection Section { get; }

    /// <summary>Gets the default severity of a failure.</summary>
    public Severity Severity { get; }

    /// <summary>Gets what the check does to the probed systems.</summary>
    public Safety Safety { get; }

    /// <summary>Gets what the check probes and how it decides.</summary>
    public string Summary { get; }

    /// <summary>Gets what to do about a failure.</summary>
    public string Remediation { get; }

    /// <summary>Gets the configuration keys without which the check is NotRun (NotConfigured).</summary>
    public ReasonList Needs { get; }

    /// <summary>Gets the Scalekit, MCP and RFC references.</summary>
    public ReasonList References { get; }

    /// <summary>Gets the path of the remediation page, relative to the project's documentation root.</summary>
    public string DocsUrl { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Id} {Title}";
}
