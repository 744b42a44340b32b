using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Semantics;

/// <summary>A named type of the specification; the emitter decides its C# names.</summary>
internal abstract class TypeSymbol(string name, SourceLocation location)
{
    public string Name { get; } = name;

    public SourceLocation Location { get; } = location;

    /// <summary>Gets or sets whether the type can contain itself (other than through a list's next pointer): its reads are depth-bounded.</summary>
    public bool IsRecursive { get; set; }
}

/// <summary>A field of a struct or the declaration of a union arm, resolved.</summary>
internal sealed record Field(string Name, XType Type, Declaration Declaration);

internal sealed class StructSymbol(StructDefinition definition) : TypeSymbol(definition.Name, definition.Location)
{
    public StructDefinition Definition { get; } = definition;

    public List<Field> Fields { get; } = [];

    /// <summary>Gets or sets whether the last field points to the struct itself (a linked list read and written iteratively).</summary>
    public bool IsList { get; set; }
}

internal sealed record EnumValue(string Name, int Value, SourceLocation Location);

internal sealed class EnumSymbol(EnumDefinition definition) : TypeSymbol(definition.Name, definition.Location)
{
    public EnumDefinition Definition { get; } = definition;

    public List<EnumValue> Values { get; } = [];
}

/// <summary>A union arm: its label values (with the names used in the source, if any) and its field, null for void.</summary>
internal sealed record ResolvedArm(IReadOnlyList<(long Value, string? Name)> Labels, Field? Field, SourceLocation Location);

internal sealed class UnionSymbol(UnionDefinition definition) : TypeSymbol(definition.Name, definition.Location)
{
    public UnionDefinition Definition { get; } = definition;

    public string DiscriminantName => Definition.Discriminant.Name!;

    /// <summary>Gets or sets the discriminant type as declared (may be a typedef).</summary>
    public XType DiscriminantType { get; set; } = VoidType.Instance;

    /// <summary>Gets or sets the discriminant's base: Int, UnsignedInt, Bool, or None for an enum (see <see cref="DiscriminantEnum"/>).</summary>
    public BuiltinType DiscriminantKind { get; set; }

    public EnumSymbol? DiscriminantEnum { get; set; }

    public List<ResolvedArm> Arms { get; } = [];

    /// <summary>Gets or sets the default arm; its Labels are empty.</summary>
    public ResolvedArm? Default { get; set; }
}

internal sealed class TypedefSymbol(TypedefDefinition definition) : TypeSymbol(definition.Name, definition.Location)
{
    public TypedefDefinition Definition { get; } = definition;

    public XType Type { get; set; } = VoidType.Instance;
}

/// <summary>A type bound with <c>--bind</c> to existing C# code instead of being generated.</summary>
internal sealed class BoundSymbol(TypeBinding binding, SourceLocation location) : TypeSymbol(binding.XdrName, location)
{
    public TypeBinding Binding { get; } = binding;
}
