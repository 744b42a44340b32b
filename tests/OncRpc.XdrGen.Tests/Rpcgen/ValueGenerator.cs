using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using OncRpc.Portmapper;
using OncRpc.XdrGen.Semantics;
using OncRpc.XdrGen.Syntax;

namespace OncRpc.XdrGen.Tests.Rpcgen;

#pragma warning disable CS8619 // Gen<object> and Gen<object?> are the same generator; the arms of one switch infer either.

/// <summary>
/// FsCheck generators of arbitrary values of any generated type, built by reflection over the generated classes
/// (the all-fields constructor of a struct, the nested arm classes of a union) and the bound model of the file (the
/// declared bounds: strings, opaques and arrays stay within their maximum, sometimes exactly at it).
/// Strings never contain NUL: rpcgen's xdr_string keeps C strings, and re-encodes up to the first NUL.
/// </summary>
internal sealed class ValueGenerator(OracleFile file)
{
    /// <summary>Optional data (and so linked lists) stops after this many levels.</summary>
    private const int MaxDepth = 4;

    /// <summary>Variable-length data longer than this is only generated at its exact maximum.</summary>
    private const int Typical = 24;

    private static readonly char[] Alphabet = ['a', 'Z', '0', ' ', '/', '.', '-', 'é', '€'];

    public Gen<object?> For(XType type, int depth = 0) => type switch
    {
        PrimitiveType p => Primitive(p.Kind),
        StringType s => Text(s.Max).Select(v => (object?)v),
        OpaqueType { Fixed: true } o => Bytes(o.Size!.Value, o.Size.Value),
        OpaqueType o => Bounded(o.Size).SelectMany(n => Bytes(n, n)),
        ArrayType { Fixed: true } a => Array(a.Element, Gen.Constant(a.Size!.Value), depth),
        ArrayType a => Array(a.Element, Gen.Choose(0, Math.Min(a.Size ?? 3, 3)), depth),
        OptionalType o => depth >= MaxDepth
            ? Gen.Constant<object?>(null)
            : Gen.OneOf(Gen.Constant<object?>(null), For(o.Element, depth + 1)),
        NamedType { Symbol: TypedefSymbol t } => For(t.Type, depth),
        NamedType { Symbol: EnumSymbol e } => Gen.Elements(e.Values.ToArray()).Select(v => Enum.ToObject(file.ClassOf(e), v.Value)),
        NamedType { Symbol: StructSymbol s } => Struct(s, depth),
        NamedType { Symbol: UnionSymbol u } => Union(u, depth),
        NamedType { Symbol: BoundSymbol b } => Bound(b),
        _ => throw new NotSupportedException(type.ToString()),
    };

    public Gen<object?> For(TypeSymbol symbol) => For(new NamedType(symbol));

    /// <summary>A length up to <paramref name="max"/>: usually small, sometimes exactly the maximum.</summary>
    public static Gen<int> Bounded(int? max) =>
        max is int m && m > Typical
            ? Gen.OneOf(Gen.Choose(0, Typical), Gen.Choose(0, Typical), Gen.Choose(0, Typical), Gen.Constant(m))
            : Gen.Choose(0, max ?? Typical);

    public static Gen<string> Text(int? max) =>
        Bounded(max).SelectMany(bytes => bytes > Typical
            ? Gen.Constant(new string('x', bytes))
            : Gen.ArrayOf(Gen.Elements(Alphabet), bytes).Select(chars => Fit(new string(chars), bytes)));

    private static string Fit(string text, int maxBytes)
    {
        while (System.Text.Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            text = text[..^1];
        }

        return text;
    }

    private static Gen<object?> Bytes(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n)).Select(b => (object?)b);

    private static Gen<object?> Primitive(BuiltinType kind) => kind switch
    {
        BuiltinType.Int => ArbMap.Default.GeneratorFor<int>().Select(v => (object?)v),
        BuiltinType.UnsignedInt => ArbMap.Default.GeneratorFor<uint>().Select(v => (object?)v),
        BuiltinType.Hyper => ArbMap.Default.GeneratorFor<long>().Select(v => (object?)v),
        BuiltinType.UnsignedHyper => ArbMap.Default.GeneratorFor<ulong>().Select(v => (object?)v),
        BuiltinType.Float => ArbMap.Default.GeneratorFor<float>().Where(float.IsFinite).Select(v => (object?)v),
        BuiltinType.Double => ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(v => (object?)v),
        BuiltinType.Bool => ArbMap.Default.GeneratorFor<bool>().Select(v => (object?)v),
        BuiltinType.Quadruple => Bytes(16, 16),
        _ => throw new NotSupportedException(kind.ToString()),
    };

    private Gen<object?> Array(XType element, Gen<int> count, int depth)
    {
        Type type = file.ClrType(element);
        Gen<object?> one = For(element, depth + 1);
        return count.SelectMany(n => Gen.ArrayOf(one, n)).Select(items =>
        {
            var array = System.Array.CreateInstance(type, items.Length);
            for (int i = 0; i < items.Length; i++)
            {
                array.SetValue(items[i], i);
            }

            return (object?)array;
        });
    }

    private static Gen<object?[]> Sequence(IEnumerable<Gen<object?>> parts)
    {
        Gen<object?[]> all = Gen.Constant(System.Array.Empty<object?>());
        foreach (Gen<object?> part in parts)
        {
            all = all.SelectMany(done => part.Select(v => (object?[])[.. done, v]));
        }

        return all;
    }

    private Gen<object?> Struct(StructSymbol symbol, int depth)
    {
        Type type = file.ClassOf(symbol);
        ConstructorInfo constructor = type.GetConstructors().Single(c => c.GetParameters().Length == symbol.Fields.Count && symbol.Fields.Count > 0
            || symbol.Fields.Count == 0 && c.GetParameters().Length == 0);
        return Sequence(symbol.Fields.Select(f => For(f.Type, depth))).Select(values => constructor.Invoke(values));
    }

    /// <summary>One arm at random (the default arm with a discriminant no case names), built through its generated class.</summary>
    private Gen<object?> Union(UnionSymbol symbol, int depth)
    {
        Type union = file.ClassOf(symbol);
        Type discriminant = union.GetProperties().Single(p => p.GetMethod!.IsAbstract).PropertyType;
        Type[] armClasses = union.GetNestedTypes().Where(t => t.IsSubclassOf(union)).ToArray();
        var arms = new List<Gen<object?>>();
        foreach (ResolvedArm arm in symbol.Arms)
        {
            Gen<object?> field = arm.Field is null ? Gen.Constant<object?>(null) : For(arm.Field.Type, depth);
            arms.Add(Gen.Elements(arm.Labels.ToArray()).SelectMany(label => field.Select(value => Arm(armClasses, discriminant, label.Value, arm.Field is not null, value, isDefault: false))));
        }

        if (symbol.Default is { } fallback)
        {
            var named = symbol.Arms.SelectMany(a => a.Labels).Select(l => l.Value).ToHashSet();
            var candidates = symbol.DiscriminantEnum is { } e
                ? e.Values.Select(v => (long)v.Value).Where(v => !named.Contains(v)).Append(-7).Append(1000).ToArray()
                : new long[] { 1000, 12345, 3 }.Where(v => !named.Contains(v)).ToArray();
            Gen<object?> field = fallback.Field is null ? Gen.Constant<object?>(null) : For(fallback.Field.Type, depth);
            arms.Add(Gen.Elements(candidates.Where(v => discriminant != typeof(uint) || v >= 0).ToArray())
                .SelectMany(label => field.Select(value => Arm(armClasses, discriminant, label, fallback.Field is not null, value, isDefault: true))));
        }

        return Gen.OneOf(arms);
    }

    public static object Discriminant(Type type, long value) =>
        type.IsEnum ? Enum.ToObject(type, (int)value)
        : type == typeof(bool) ? value != 0
        : type == typeof(uint) ? (uint)value
        : type == typeof(int) ? (int)value
        : throw new NotSupportedException(type.ToString());

    private static object? Arm(Type[] armClasses, Type discriminantType, long label, bool hasField, object? value, bool isDefault)
    {
        object discriminant = Discriminant(discriminantType, label);
        foreach (Type arm in armClasses.Where(a => (a.Name == "Default") == isDefault))
        {
            foreach (ConstructorInfo constructor in arm.GetConstructors())
            {
                ParameterInfo[] parameters = constructor.GetParameters();
                bool takesDiscriminant = parameters.Length > 0 && parameters[0].ParameterType == discriminantType && parameters.Length == (hasField ? 2 : 1);
                object? candidate;
                if (takesDiscriminant)
                {
                    candidate = TryInvoke(constructor, hasField ? [discriminant, value] : [discriminant]);
                }
                else if (parameters.Length == (hasField ? 1 : 0) && !isDefault)
                {
                    candidate = TryInvoke(constructor, hasField ? [value] : []);
                }
                else
                {
                    continue;
                }

                if (candidate is null)
                {
                    continue;
                }

                object actual = arm.BaseType!.GetProperties().Single(p => p.GetMethod!.IsAbstract).GetValue(candidate)!;
                if (actual.Equals(discriminant))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"No arm class of {armClasses[0].BaseType} takes discriminant {label}.");
    }

    /// <summary>Null when the constructor does not take these values (another arm's field type, a label it does not name).</summary>
    private static object? TryInvoke(ConstructorInfo constructor, object?[] arguments)
    {
        try
        {
            return constructor.Invoke(arguments);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The hand-written types rpcb_prot.x is bound to in the corpus.</summary>
    private static Gen<object?> Bound(BoundSymbol symbol) => symbol.Name switch
    {
        "rpcb" =>
            from program in ArbMap.Default.GeneratorFor<uint>()
            from version in ArbMap.Default.GeneratorFor<uint>()
            from netId in Text(null)
            from address in Text(null)
            from owner in Text(null)
            select (object?)new RpcbindMapping(program, version, netId, address, owner),

        // tirpc's xdr_netbuf: maxlen, then the bytes bounded by maxlen (and nothing when maxlen is 0).
        "netbuf" =>
            from length in Gen.Choose(0, Typical)
            from extra in Gen.Choose(1, 100)
            from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
            select (object?)new NetBuffer((uint)(length + extra), data),
        _ => throw new NotSupportedException(symbol.Name),
    };
}
