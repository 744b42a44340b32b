namespace OncRpc.XdrGen.Syntax;

/// <summary>How a declaration wraps its type.</summary>
internal enum DeclarationKind
{
    /// <summary><c>type name</c>.</summary>
    Plain,

    /// <summary><c>type name[n]</c> (or <c>opaque name[n]</c>).</summary>
    FixedArray,

    /// <summary><c>type name&lt;max&gt;</c> (or <c>string</c>/<c>opaque name&lt;max&gt;</c>); no maximum means 2^32-1.</summary>
    VariableArray,

    /// <summary><c>type *name</c>: optional data.</summary>
    Optional,

    /// <summary><c>void</c>.</summary>
    Void,
}

/// <summary>A declaration: a field of a struct, an arm of a union, or the body of a typedef.</summary>
internal sealed record Declaration(DeclarationKind Kind, TypeSpec Type, string? Name, Value? Size, SourceLocation Location);
