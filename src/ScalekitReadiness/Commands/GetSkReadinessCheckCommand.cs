using System.Linq;
using System.Management.Automation;
using ScalekitReadiness.Checks;

namespace ScalekitReadiness.Commands;

/// <summary>
/// <para type="synopsis">Lists the checks of the readiness catalog.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "SkReadinessCheck")]
[OutputType(typeof(CheckDefinition))]
public sealed class GetSkReadinessCheckCommand : PSCmdlet
{
    /// <summary>Gets or sets the check ids to list; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [Alias("CheckId")]
    [SupportsWildcards]
    public string[]? Id { get; set; }

    /// <summary>Gets or sets the sections to list.</summary>
    [Parameter]
    public CheckSection[]? Section { get; set; }

    /// <summary>Gets or sets the safety classes to list.</summary>
    [Parameter]
    public Safety[]? Safety { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        WildcardPattern[] patterns = (Id ?? new[] { "*" }).Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        CheckDefinition[] matches = CheckCatalog.All
            .Select(c => c.Definition)
            .Where(d => patterns.Any(p => p.IsMatch(d.Id)))
            .Where(d => Section is null || Section.Contains(d.Section))
            .Where(d => Safety is null || Safety.Contains(d.Safety))
            .ToArray();
        WriteObject(matches, enumerateCollection: true);
    }
}
