namespace ScalekitReadiness;

/// <summary>One fact behind a result: a status code, a header value, a document excerpt. Always redacted.</summary>
public sealed class EvidenceItem
{
    internal EvidenceItem(string name, string value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>Gets what the fact is about, e.g. <c>GET https://mcp.acme.com/.well-known/oauth-protected-resource</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the fact itself, with every secret replaced by a redaction marker.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Value}";
}
