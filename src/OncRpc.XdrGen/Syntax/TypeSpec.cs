namespace OncRpc.XdrGen.Syntax;

/// <summary>The built-in XDR types, with the dialect spellings (long, int32_t, u_int, ...) already mapped.</summary>
internal enum BuiltinType
{
    None,
    Int,
    UnsignedInt,
    Hyper,
    UnsignedHyper,
    Float,
    Double,
    Quadruple,
    Bool,
    String,
    Opaque,
    Void,
}

/// <summary>A type specifier: a built-in type or a reference to a named type (<c>foo</c> or <c>struct foo</c>).</summary>
internal sealed record TypeSpec(BuiltinType Builtin, string? Name, SourceLocation Location)
{
    public static TypeSpec Of(BuiltinType builtin, SourceLocation location) => new(builtin, null, location);

    public static TypeSpec Named(string name, SourceLocation location) => new(BuiltinType.None, name, location);

    public override string ToString() => Name ?? Builtin.ToString();
}
