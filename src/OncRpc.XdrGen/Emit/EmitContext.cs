using OncRpc.XdrGen.Semantics;
using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Emit;

/// <summary>
/// The C# names of one file's definitions, decided once up front in source order so that every writer agrees,
/// and the facts about types the writers share: C# spelling, value or reference, fixed encoded size.
/// </summary>
internal sealed class EmitContext
{
    public const string Xdr = "global::OncRpc.Xdr.";
    private readonly Dictionary<TypeSymbol, string> _typeNames = [];
    private readonly Dictionary<TypeSymbol, string> _hostNames = [];
    private readonly Dictionary<TypeSymbol, int?> _fixedSizes = [];

    public EmitContext(SemanticModel model, string fileStem, string ns)
    {
        Model = model;
        Namespace = ns;
        Scope = new NameScope();
        ConstantsClass = Scope.Take(Naming.Pascal(fileStem) + "Constants");
        foreach (object item in model.Items)
        {
            switch (item)
            {
                case EnumSymbol e:
                    _typeNames[e] = Scope.Take(Naming.Pascal(e.Name));
                    _hostNames[e] = Scope.Take(_typeNames[e] + "Xdr");
                    break;
                case StructSymbol or UnionSymbol or TypedefSymbol:
                    var symbol = (TypeSymbol)item;
                    _typeNames[symbol] = _hostNames[symbol] = Scope.Take(Naming.Pascal(symbol.Name));
                    break;
            }
        }
    }

    public SemanticModel Model { get; }

    public string Namespace { get; }

    /// <summary>Qualifies a top-level name of this file: generated code never depends on what a member name shadows.</summary>
    public string Qualify(string name) => $"global::{Namespace}.{name}";

    /// <summary>Gets the top-level names of the namespace this file writes into.</summary>
    public NameScope Scope { get; }

    public string ConstantsClass { get; }

    /// <summary>The C# type that a named type's values have.</summary>
    public string TypeName(TypeSymbol symbol) => symbol switch
    {
        TypedefSymbol t => CSharpType(t.Type),
        BoundSymbol b => b.Binding.CSharpType,
        _ => Qualify(_typeNames[symbol]),
    };

    /// <summary>The unqualified name declared for a struct, union or enum.</summary>
    public string DeclaredName(TypeSymbol symbol) => _typeNames[symbol];

    /// <summary>The class holding <c>Codec</c>, <c>GetEncodedSize</c>, <c>ReadXdr</c> and <c>WriteXdr</c> of a generated type.</summary>
    public string HostName(TypeSymbol symbol) => Qualify(_hostNames[symbol]);

    /// <summary>The unqualified name of the class declared to hold a type's codec.</summary>
    public string DeclaredHostName(TypeSymbol symbol) => _hostNames[symbol];

    public string CSharpType(XType type) => type switch
    {
        PrimitiveType p => p.Kind switch
        {
            BuiltinType.Int => "int",
            BuiltinType.UnsignedInt => "uint",
            BuiltinType.Hyper => "long",
            BuiltinType.UnsignedHyper => "ulong",
            BuiltinType.Float => "float",
            BuiltinType.Double => "double",
            BuiltinType.Bool => "bool",
            _ => "byte[]", // quadruple: the 16 bytes of an IEEE 754 binary128, big-endian as on the wire
        },
        StringType => "string",
        OpaqueType => "byte[]",
        NamedType n => TypeName(n.Symbol),
        ArrayType a => CSharpType(a.Element) + "[]",
        OptionalType o => CSharpType(o.Element).TrimEnd('?') + "?",
        _ => Xdr + "XdrVoid",
    };

    public bool IsValueType(XType type) => Binder.Unalias(type) switch
    {
        PrimitiveType p => p.Kind != BuiltinType.Quadruple,
        NamedType { Symbol: EnumSymbol } => true,
        NamedType { Symbol: BoundSymbol b } => b.Binding.IsValueType,
        _ => false,
    };

    /// <summary>An expression of type <c>IXdrCodec&lt;T&gt;</c> for a procedure argument or result.</summary>
    public string CodecExpression(XType type) => type switch
    {
        VoidType => Xdr + "XdrCodec.Void",
        PrimitiveType p => p.Kind switch
        {
            BuiltinType.Int => Xdr + "XdrCodec.Int32",
            BuiltinType.UnsignedInt => Xdr + "XdrCodec.UInt32",
            BuiltinType.Hyper => Xdr + "XdrCodec.Int64",
            BuiltinType.UnsignedHyper => Xdr + "XdrCodec.UInt64",
            BuiltinType.Float => Xdr + "XdrCodec.Single",
            BuiltinType.Double => Xdr + "XdrCodec.Double",
            BuiltinType.Bool => Xdr + "XdrCodec.Boolean",
            _ => Xdr + "XdrCodec.FixedOpaque(16)",
        },
        StringType { Max: int max } => $"{Xdr}XdrCodec.BoundedString({max})",
        StringType => Xdr + "XdrCodec.String",
        OpaqueType { Fixed: true, Size: int size } => $"{Xdr}XdrCodec.FixedOpaque({size})",
        OpaqueType { Size: int max } => $"{Xdr}XdrCodec.BoundedOpaque({max})",
        OpaqueType => Xdr + "XdrCodec.Opaque",
        NamedType { Symbol: BoundSymbol b } => b.Binding.CodecExpression,
        NamedType n => HostName(n.Symbol) + ".Codec",
        _ => throw new InvalidOperationException($"no codec expression for {type}"),
    };

    /// <summary>The encoded size when every value of the type has the same size, else null.</summary>
    public int? FixedSize(XType type)
    {
        switch (type)
        {
            case PrimitiveType p:
                return p.Kind switch
                {
                    BuiltinType.Hyper or BuiltinType.UnsignedHyper or BuiltinType.Double => 8,
                    BuiltinType.Quadruple => 16,
                    _ => 4,
                };
            case OpaqueType { Fixed: true, Size: int n }:
                return (n + 3) & ~3;
            case ArrayType { Fixed: true, Size: int count } a when FixedSize(a.Element) is int element:
                long total = (long)count * element;
                return total <= int.MaxValue ? (int)total : null;
            case VoidType:
                return 0;
            case NamedType n:
                return FixedSize(n.Symbol);
            default:
                return null;
        }
    }

    private int? FixedSize(TypeSymbol symbol)
    {
        if (_fixedSizes.TryGetValue(symbol, out int? known))
        {
            return known;
        }

        _fixedSizes[symbol] = null; // a cycle has no fixed size
        int? size = symbol switch
        {
            EnumSymbol => 4,
            TypedefSymbol t => FixedSize(t.Type),
            StructSymbol { IsList: false } s => s.Fields.Aggregate((int?)0, (sum, f) => sum is int a && FixedSize(f.Type) is int b && (long)a + b <= int.MaxValue ? a + b : null),
            _ => null,
        };
        _fixedSizes[symbol] = size;
        return size;
    }
}
