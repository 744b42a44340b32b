using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>A resolved XDR type: what a declaration means once names and constants are looked up.</summary>
internal abstract record XType;

/// <summary>int, unsigned int, hyper, unsigned hyper, float, double, bool or quadruple.</summary>
internal sealed record PrimitiveType(BuiltinType Kind) : XType;

/// <summary><c>string&lt;max&gt;</c>; <see cref="Max"/> is null when unbounded.</summary>
internal sealed record StringType(int? Max) : XType;

/// <summary><c>opaque[n]</c> (fixed) or <c>opaque&lt;max&gt;</c>.</summary>
internal sealed record OpaqueType(bool Fixed, int? Size) : XType;

/// <summary>A reference to a named type (struct, union, enum, typedef or bound type).</summary>
internal sealed record NamedType(TypeSymbol Symbol) : XType;

/// <summary><c>T x[n]</c> (fixed) or <c>T x&lt;max&gt;</c>.</summary>
internal sealed record ArrayType(XType Element, bool Fixed, int? Size) : XType;

/// <summary><c>T *x</c>.</summary>
internal sealed record OptionalType(XType Element) : XType;

/// <summary><c>void</c>, in union arms and procedures.</summary>
internal sealed record VoidType : XType
{
    public static VoidType Instance { get; } = new();
}
