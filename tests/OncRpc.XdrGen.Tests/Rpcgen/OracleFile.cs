using System.Reflection;
using OncRpc.XdrGen.Emit;
using OncRpc.XdrGen.Semantics;
using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Tests.Rpcgen;

/// <summary>
/// One .x file of the oracle: its bound model (the compiler's own binder, for the declared bounds the C# types do not
/// carry) and the types xdrgen generated from it into tests/XdrGenCorpus, found by reflection.
/// </summary>
internal sealed class OracleFile
{
    private static readonly Assembly Corpus = typeof(global::Corpus.Mount.Mountbody).Assembly;

    private OracleFile(string path, string @namespace, IReadOnlyList<TypeSymbol> types)
    {
        Path = path;
        Namespace = @namespace;
        Types = types;
    }

    public static IReadOnlyList<string> Paths { get; } =
    [
        "/usr/include/rpcsvc/mount.x",
        "/usr/include/rpcsvc/nfs_prot.x",
        "/usr/include/rpcsvc/rquota.x",
        "/usr/include/rpcsvc/nlm_prot.x",
        "/usr/include/rpcsvc/sm_inter.x",
        "/usr/include/tirpc/rpc/rpcb_prot.x",
    ];

    public string Path { get; }

    public string Namespace { get; }

    /// <summary>Every type the file defines (structs, unions, enums, typedefs; rpcb is bound to RpcbindMapping as in the corpus).</summary>
    public IReadOnlyList<TypeSymbol> Types { get; }

    public static OracleFile Load(string path)
    {
        string stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var bindings = new Dictionary<string, TypeBinding>(StringComparer.Ordinal);
        if (stem == "rpcb_prot")
        {
            // As tests/XdrGenCorpus compiles it.
            bindings["netbuf"] = new TypeBinding("netbuf", "global::OncRpc.Portmapper.NetBuffer", "global::OncRpc.Portmapper.NetBuffer.Codec", false);
            bindings["rpcb"] = new TypeBinding("rpcb", "global::OncRpc.Portmapper.RpcbindMapping", "global::OncRpc.Portmapper.RpcbindMapping.Codec", false);
        }

        var preprocessor = new Preprocessor([], []);
        Specification specification = new Parser(preprocessor.Run(path, path)).Parse();
        var binder = new Semantics.Binder(bindings, preprocessor.PassThroughDefines);
        SemanticModel model = binder.Bind(specification);
        if (binder.Errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join('\n', binder.Errors.Select(e => e.Message)));
        }

        return new OracleFile(path, "Corpus." + Naming.Pascal(stem), model.Items.OfType<TypeSymbol>().Where(t => t is not BoundSymbol).ToList());
    }

    /// <summary>The C# class xdrgen generated for a struct or union, or the enum type.</summary>
    public Type ClassOf(TypeSymbol symbol) =>
        symbol is BoundSymbol bound
            ? ClrTypeByName(bound.Binding.CSharpType)
            : Corpus.GetType(Namespace + "." + Naming.Pascal(symbol.Name), throwOnError: true)!;

    /// <summary>The codec xdrgen generated for a type: <c>X.Codec</c>, <c>XXdr.Codec</c> for an enum, the bound codec for a bound type.</summary>
    public object CodecOf(TypeSymbol symbol)
    {
        Type holder = symbol switch
        {
            EnumSymbol => Corpus.GetType(Namespace + "." + Naming.Pascal(symbol.Name) + "Xdr", throwOnError: true)!,
            BoundSymbol => ClassOf(symbol),
            _ => Corpus.GetType(Namespace + "." + Naming.Pascal(symbol.Name), throwOnError: true)!,
        };
        return holder.GetProperty("Codec", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }

    /// <summary>The C# type of a value of an XDR type, as the generated code declares it.</summary>
    public Type ClrType(XType type) => type switch
    {
        PrimitiveType p => p.Kind switch
        {
            BuiltinType.Int => typeof(int),
            BuiltinType.UnsignedInt => typeof(uint),
            BuiltinType.Hyper => typeof(long),
            BuiltinType.UnsignedHyper => typeof(ulong),
            BuiltinType.Float => typeof(float),
            BuiltinType.Double => typeof(double),
            BuiltinType.Bool => typeof(bool),
            BuiltinType.Quadruple => typeof(byte[]),
            _ => throw new NotSupportedException(p.Kind.ToString()),
        },
        StringType => typeof(string),
        OpaqueType => typeof(byte[]),
        ArrayType a => ClrType(a.Element).MakeArrayType(),
        OptionalType o => ClrType(o.Element) is { IsValueType: true } v ? typeof(Nullable<>).MakeGenericType(v) : ClrType(o.Element),
        NamedType { Symbol: TypedefSymbol t } => ClrType(t.Type),
        NamedType n => ClassOf(n.Symbol),
        _ => throw new NotSupportedException(type.ToString()),
    };

    private static Type ClrTypeByName(string name)
    {
        string plain = name.Replace("global::", string.Empty, StringComparison.Ordinal);
        return typeof(global::OncRpc.Portmapper.RpcbindMapping).Assembly.GetType(plain, throwOnError: true)!;
    }

    public override string ToString() => System.IO.Path.GetFileName(Path);
}
