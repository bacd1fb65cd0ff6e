using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ScalekitReadiness.Configuration;

/// <summary>
/// Every check id of the catalog (CHECKS.md), implemented or not: a configuration may name a check before the
/// module implements it (an exception or attestation written ahead of an upgrade), but never an id the catalog lacks.
/// The schema's <c>$defs.checkId.enum</c> lists the same ids, for editors; a test keeps the two equal.
/// </summary>
internal static class CatalogCheckIds
{
    /// <summary>The shape of every id: <c>SK-(QC|AUTH|MCP|MON)-NNN</c>.</summary>
    public const string Pattern = "^SK-(QC|AUTH|MCP|MON)-[0-9]{3}$";

    private static readonly Regex s_shape = new(Pattern, RegexOptions.CultureInvariant);

    /// <summary>Gets the ids, in catalog order.</summary>
    public static IReadOnlyList<string> All { get; } = new[]
    {
        "SK-QC-001", "SK-QC-002", "SK-QC-010", "SK-QC-020", "SK-QC-030",
        "SK-AUTH-001", "SK-AUTH-010", "SK-AUTH-020", "SK-AUTH-030", "SK-AUTH-031", "SK-AUTH-040", "SK-AUTH-050", "SK-AUTH-051",
        "SK-AUTH-060", "SK-AUTH-070", "SK-AUTH-080", "SK-AUTH-090",
        "SK-MCP-001", "SK-MCP-010", "SK-MCP-020", "SK-MCP-021", "SK-MCP-030", "SK-MCP-040", "SK-MCP-050", "SK-MCP-060",
        "SK-MCP-070", "SK-MCP-080", "SK-MCP-090",
        "SK-MON-001", "SK-MON-010", "SK-MON-020", "SK-MON-030", "SK-MON-040", "SK-MON-050",
    };

    /// <summary>True when <paramref name="id"/> has the shape of a check id.</summary>
    public static bool IsWellFormed(string id) => s_shape.IsMatch(id);

    /// <summary>True when <paramref name="id"/> is in the catalog (ids are matched exactly: they are contract).</summary>
    public static bool Contains(string id) => All.Contains(id, StringComparer.Ordinal);
}
