using FsCheck;
using FsCheck.Fluent;
using OncRpc.Xdr;
using OncRpc.XdrGen.Semantics;
using Xunit;

namespace OncRpc.XdrGen.Tests.Rpcgen;

[CollectionDefinition(Name)]
public sealed class RpcgenOracleCollection : ICollectionFixture<RpcgenOracle>
{
    public const string Name = "rpcgen oracle";
}

/// <summary>
/// Cross-implementation round trips: FsCheck values of every type of mount.x, nfs_prot.x, rquota.x, nlm_prot.x,
/// sm_inter.x and rpcb_prot.x, encoded by the codecs xdrgen generated, are decoded and re-encoded by rpcgen's
/// xdr_&lt;type&gt; routines (libtirpc) and must come back byte-identical, all bytes consumed.
/// </summary>
[Collection(RpcgenOracleCollection.Name)]
public sealed class RpcgenOracleTests(RpcgenOracle oracle)
{
    private const int CasesPerType = 100;

    public static TheoryData<string> Files => new(OracleFile.Paths.Select(Path.GetFileName)!);

    [RpcgenTheory]
    [MemberData(nameof(Files))]
    public void Generated_values_come_back_byte_identical_through_rpcgen(string name)
    {
        OracleFile file = oracle.File(name);
        var generator = new ValueGenerator(file);
        Assert.NotEmpty(file.Types);
        foreach (TypeSymbol type in file.Types)
        {
            Assert.True(oracle.Harness.Routines.Contains(type.Name), $"rpcgen generated no xdr_{type.Name} for {name}");
            var codec = new CodecHandle(file.CodecOf(type));
            Prop.ForAll(generator.For(type).ToArbitrary(), value => RoundTrips(type.Name, codec, value))
                .Check(Config.QuickThrowOnFailure.WithMaxTest(CasesPerType).WithQuietOnSuccess(true));
        }
    }

    /// <summary>Every routine rpcgen generated is exercised above (rpcb is bound to the hand-written RpcbindMapping, and travels inside rp__list).</summary>
    [RpcgenFact]
    public void Every_rpcgen_routine_has_a_generated_type_under_test()
    {
        var tested = oracle.Files.SelectMany(f => f.Types).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(["rpcb"], oracle.Harness.Routines.Except(tested).Order(StringComparer.Ordinal));
        Assert.True(tested.Count >= 80, $"only {tested.Count} types");
    }

    private bool RoundTrips(string type, CodecHandle codec, object? value)
    {
        byte[] ours = codec.Encode(value);
        RpcgenAnswer answer = oracle.Harness.RoundTrip(type, ours);
        string hex = Convert.ToHexString(ours);
        Assert.True(answer.Status == RpcgenStatus.RoundTripped, $"xdr_{type} answered {answer.Status} for {hex}");
        Assert.True(answer.Consumed == ours.Length, $"xdr_{type} consumed {answer.Consumed} of {ours.Length} bytes of {hex}");
        Assert.True(ours.AsSpan().SequenceEqual(answer.Encoded), $"xdr_{type} re-encoded {hex} as {Convert.ToHexString(answer.Encoded)}");

        // And ours reads what rpcgen wrote back to the same bytes.
        Assert.Equal(ours, codec.Encode(codec.Decode(answer.Encoded)));
        return true;
    }

    internal static XdrException AssertOursRejects(CodecHandle codec, byte[] data, XdrReaderOptions? options = null) =>
        Assert.Throws<XdrException>(() => codec.Decode(data, options));
}
