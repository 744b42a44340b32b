namespace OncRpc.XdrGen.Syntax;

/// <summary>A position in an input file, 1-based, as printed in diagnostics.</summary>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
