namespace OncRpc.XdrGen.Syntax;

/// <summary>A constant in the source: a literal (possibly negated) or the name of a constant or enum value.</summary>
internal sealed record Value(Int128? Literal, string? Name, bool Negated, SourceLocation Location)
{
    public override string ToString() => (Negated ? "-" : string.Empty) + (Name ?? Literal?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
