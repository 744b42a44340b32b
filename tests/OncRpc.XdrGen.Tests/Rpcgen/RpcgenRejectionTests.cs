using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using OncRpc.Xdr;
using OncRpc.XdrGen.Semantics;
using Xunit;

namespace OncRpc.XdrGen.Tests.Rpcgen;

/// <summary>
/// Inputs rpcgen's routines reject must be rejected by the generated codecs (XdrException): union discriminants no
/// arm names, and strings, opaques and arrays longer than their declared maximum. Where rpcgen is laxer (it does
/// not check enum values; xdr_bool takes any non-zero word as TRUE), the test shows rpcgen accepting and asserts
/// the generated codec's stricter behaviour separately.
/// </summary>
[Collection(RpcgenOracleCollection.Name)]
public sealed class RpcgenRejectionTests(RpcgenOracle oracle)
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(20).WithQuietOnSuccess(true);

    [RpcgenFact]
    public void Unknown_union_discriminants_are_rejected_by_both()
    {
        var unions = new List<string>();
        foreach (OracleFile file in oracle.Files)
        {
            foreach (UnionSymbol union in file.Types.OfType<UnionSymbol>().Where(u => u.Default is null))
            {
                var named = union.Arms.SelectMany(a => a.Labels).Select(l => l.Value).ToHashSet();
                long[] bad = union.DiscriminantKind == Syntax.BuiltinType.Bool
                    ? new long[] { 0, 1 }.Where(v => !named.Contains(v)).ToArray()
                    : new long[] { 0x7FFF_FFF0, 99, -1 }.Where(v => !named.Contains(v) && !(union.DiscriminantKind == Syntax.BuiltinType.UnsignedInt && v < 0)).ToArray();
                if (bad.Length == 0)
                {
                    continue;
                }

                unions.Add(union.Name);
                var codec = new CodecHandle(file.CodecOf(union));
                Prop.ForAll(new ValueGenerator(file).For(union).ToArbitrary(), value =>
                {
                    byte[] data = codec.Encode(value);
                    foreach (long discriminant in bad)
                    {
                        BinaryPrimitives.WriteInt32BigEndian(data, (int)discriminant);
                        AssertBothReject(union.Name, codec, data);
                    }

                    return true;
                }).Check(Cases);
            }
        }

        // Most unions of these files end with 'default: void;' and take any discriminant (as rpcgen does: the round
        // trips cover their default arm); the others must all be checked here.
        Assert.NotEmpty(unions);
    }

    /// <summary>typedefs of bounded strings, opaques and arrays, and structs whose first field is a bounded string or opaque, one past the maximum.</summary>
    [RpcgenFact]
    public void Strings_opaques_and_arrays_longer_than_their_maximum_are_rejected_by_both()
    {
        var checkedTypes = new List<string>();
        foreach (OracleFile file in oracle.Files)
        {
            foreach (TypedefSymbol typedef in file.Types.OfType<TypedefSymbol>())
            {
                byte[]? element = null;
                int? max = typedef.Type switch
                {
                    StringType { Max: int m } => m,
                    OpaqueType { Fixed: false, Size: int m } => m,
                    ArrayType { Fixed: false, Size: int m } a when (element = ValidElement(file, a.Element)) is not null => m,
                    _ => null,
                };
                if (max is not int limit)
                {
                    continue;
                }

                byte[] data = element is null ? OverLongBytes(limit, []) : OverLongArray(limit, element);
                AssertBothReject(typedef.Name, new CodecHandle(file.CodecOf(typedef)), data);
                checkedTypes.Add(typedef.Name);
            }

            foreach (StructSymbol structure in file.Types.OfType<StructSymbol>())
            {
                int? max = structure.Fields.Count == 0 ? null : Semantics.Binder.Unalias(structure.Fields[0].Type) switch
                {
                    StringType { Max: int m } => m,
                    OpaqueType { Fixed: false, Size: int m } => m,
                    _ => null,
                };
                if (max is not int limit)
                {
                    continue;
                }

                var codec = new CodecHandle(file.CodecOf(structure));
                Prop.ForAll(new ValueGenerator(file).For(structure).ToArbitrary(), value =>
                {
                    byte[] valid = codec.Encode(value);
                    int first = 4 + Padded((int)BinaryPrimitives.ReadUInt32BigEndian(valid));
                    AssertBothReject(structure.Name, codec, OverLongBytes(limit, valid[first..]));
                    return true;
                }).Check(Cases);
                checkedTypes.Add(structure.Name);
            }
        }

        Assert.True(checkedTypes.Count >= 20, "only " + string.Join(", ", checkedTypes));
    }

    /// <summary>rpcgen's xdr_enum does not check the value: it accepts and re-encodes any 32-bit word. Ours rejects a value the enum does not declare.</summary>
    [RpcgenFact]
    public void Rpcgen_accepts_undeclared_enum_values_and_ours_rejects_them()
    {
        int enums = 0;
        foreach (OracleFile file in oracle.Files)
        {
            foreach (EnumSymbol symbol in file.Types.OfType<EnumSymbol>())
            {
                var declared = symbol.Values.Select(v => v.Value).ToHashSet();
                var codec = new CodecHandle(file.CodecOf(symbol));
                foreach (int undeclared in new[] { -1, 0x7FFF_FFFF, declared.Max() + 1 }.Where(v => !declared.Contains(v)))
                {
                    var data = new byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(data, undeclared);
                    RpcgenAnswer answer = oracle.Harness.RoundTrip(symbol.Name, data);
                    Assert.Equal(RpcgenStatus.RoundTripped, answer.Status);
                    Assert.Equal(data, answer.Encoded);
                    XdrException ex = RpcgenOracleTests.AssertOursRejects(codec, data);
                    Assert.Equal(XdrError.InvalidValue, ex.Error);
                }

                enums++;
            }
        }

        Assert.True(enums >= 7, $"only {enums} enums");
    }

    /// <summary>
    /// rpcgen's xdr_bool (also behind every optional-data flag) reads any non-zero word as TRUE and writes it back as 1.
    /// Ours rejects it under the default <see cref="XdrReaderOptions.StrictBooleans"/>, and without it reads what rpcgen reads.
    /// </summary>
    [RpcgenFact]
    public void Rpcgen_reads_any_non_zero_boolean_as_true_and_ours_rejects_it_unless_lenient()
    {
        OracleFile nlm = oracle.File("nlm_prot.x");
        TypeSymbol testargs = nlm.Types.Single(t => t.Name == "nlm_testargs"); // { netobj cookie; bool exclusive; nlm_lock alock; }
        var codec = new CodecHandle(nlm.CodecOf(testargs));
        Prop.ForAll(new ValueGenerator(nlm).For(testargs).ToArbitrary(), value =>
        {
            byte[] data = codec.Encode(value);
            int flag = 4 + Padded((int)BinaryPrimitives.ReadUInt32BigEndian(data));
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(flag), 2);

            RpcgenAnswer answer = oracle.Harness.RoundTrip(testargs.Name, data);
            Assert.Equal(RpcgenStatus.RoundTripped, answer.Status);
            Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(answer.Encoded.AsSpan(flag)));

            Assert.Equal(XdrError.InvalidBoolean, RpcgenOracleTests.AssertOursRejects(codec, data).Error);
            Assert.Equal(answer.Encoded, codec.Encode(codec.Decode(data, new XdrReaderOptions { StrictBooleans = false })));
            return true;
        }).Check(Cases);
    }

    private void AssertBothReject(string type, CodecHandle codec, byte[] data)
    {
        RpcgenAnswer answer = oracle.Harness.RoundTrip(type, data);
        Assert.True(answer.Status == RpcgenStatus.Rejected, $"xdr_{type} answered {answer.Status} for {Convert.ToHexString(data)}");
        RpcgenOracleTests.AssertOursRejects(codec, data);
    }

    private static int Padded(int length) => (length + 3) & ~3;

    /// <summary>A length word of max + 1, that many bytes (padded), then <paramref name="rest"/>.</summary>
    private static byte[] OverLongBytes(int max, byte[] rest)
    {
        var data = new byte[4 + Padded(max + 1) + rest.Length];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)max + 1);
        data.AsSpan(4, max + 1).Fill((byte)'x');
        rest.CopyTo(data, 4 + Padded(max + 1));
        return data;
    }

    private static byte[] OverLongArray(int max, byte[] element)
    {
        var data = new byte[4 + ((max + 1) * element.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)max + 1);
        for (int i = 0; i <= max; i++)
        {
            element.CopyTo(data, 4 + (i * element.Length));
        }

        return data;
    }

    /// <summary>The encoding of one valid element of an array, when it is simple to make.</summary>
    private static byte[]? ValidElement(OracleFile file, XType element) => Semantics.Binder.Unalias(element) switch
    {
        PrimitiveType { Kind: Syntax.BuiltinType.Int or Syntax.BuiltinType.UnsignedInt or Syntax.BuiltinType.Bool } => new byte[4],
        NamedType { Symbol: StructSymbol or UnionSymbol or EnumSymbol } n =>
            new CodecHandle(file.CodecOf(n.Symbol)).Encode(new ValueGenerator(file).For(n.Symbol).Sample(1, 1)[0]),
        _ => null,
    };
}
