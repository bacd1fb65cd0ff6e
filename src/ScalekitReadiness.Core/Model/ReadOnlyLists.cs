using System.Collections.Generic;
using System.Collections.ObjectModel;
using Newtonsoft.Json;

namespace ScalekitReadiness;

/// <summary>
/// The reasons behind a result. Its string form joins them with "; " so that Export-Csv and string
/// interpolation give one readable cell instead of the type name.
/// </summary>
public sealed class ReasonList : ReadOnlyCollection<string>
{
    internal ReasonList(IList<string> reasons)
        : base(reasons)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join("; ", this);
}

/// <summary>
/// The ordered evidence of a result. Its string form is a JSON array of {Name, Value}, so that
/// Export-Csv writes one parseable cell.
/// </summary>
public sealed class EvidenceList : ReadOnlyCollection<EvidenceItem>
{
    internal EvidenceList(IList<EvidenceItem> items)
        : base(items)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => JsonConvert.SerializeObject(Items, Formatting.None);
}
