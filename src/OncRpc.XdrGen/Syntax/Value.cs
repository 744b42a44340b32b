namespace OncRpc.XdrGen.Syntax;

/// <summary>A constant in the source: a literal (possibly negated) or the name of a constant or enum value.</summary>
internal sealed record Value(Int128? Literal, string? Name, bool Negated, SourceLocation Location)
{
    /// <summary>Gets the text of a string constant (<c>const HEXMODULUS = "d4a0..."</c>, which rpcgen accepts), else null.</summary>
    public string? Text { get; init; }

    public override string ToString() => Text is not null ? $"\"{Text}\"" : (Negated ? "-" : string.Empty) + (Name ?? Literal?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
