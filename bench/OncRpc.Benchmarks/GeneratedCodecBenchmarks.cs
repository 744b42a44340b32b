using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OncRpc.Benchmarks.RpcbProt;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace OncRpc.Benchmarks;

/// <summary>
/// The codec xdrgen generates for rpcb_prot.x's <c>rpcblist_ptr</c> (the DUMP result: a linked list of struct rpcb)
/// against the hand-written <see cref="RpcbindMapping.ListCodec"/>, on the same 16 entries as
/// <see cref="RpcbListBenchmarks"/> (868 bytes). The hand-written codec is the baseline of each category.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GeneratedCodecBenchmarks
{
    private readonly byte[] _buffer = new byte[1 << 20];
    private IReadOnlyList<RpcbindMapping> _handWritten = [];
    private RpList? _generated;
    private byte[] _encoded = [];

    [Params(16)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _handWritten = RpcbListBenchmarks.Build(Entries).Select(e => new RpcbindMapping(e.Program, e.Version, e.NetId, e.Address, e.Owner)).ToList();
        for (int i = _handWritten.Count - 1; i >= 0; i--)
        {
            RpcbindMapping m = _handWritten[i];
            _generated = new RpList(new Rpcb(m.Program, m.Version, m.NetId, m.Address, m.Owner), _generated);
        }

        var writer = new XdrWriter(_buffer);
        RpcbindMapping.ListCodec.Write(ref writer, _handWritten);
        _encoded = writer.WrittenSpan.ToArray();

        var check = new XdrWriter(_buffer);
        RpcblistPtr.Codec.Write(ref check, _generated);
        if (!check.WrittenSpan.SequenceEqual(_encoded))
        {
            throw new InvalidOperationException("The generated and hand-written codecs disagree on the encoding.");
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode")]
    public int EncodeHandWritten()
    {
        var writer = new XdrWriter(_buffer);
        RpcbindMapping.ListCodec.Write(ref writer, _handWritten);
        return (int)writer.BytesWritten;
    }

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public int EncodeGenerated()
    {
        var writer = new XdrWriter(_buffer);
        RpcblistPtr.Codec.Write(ref writer, _generated);
        return (int)writer.BytesWritten;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode")]
    public int DecodeHandWritten()
    {
        var reader = new XdrReader(_encoded);
        return RpcbindMapping.ListCodec.Read(ref reader).Count;
    }

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public int DecodeGenerated()
    {
        var reader = new XdrReader(_encoded);
        return RpcblistPtr.Codec.Read(ref reader) is null ? 0 : 1;
    }
}
