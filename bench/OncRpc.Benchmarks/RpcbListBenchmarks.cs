using BenchmarkDotNet.Attributes;
using OncRpc.Xdr;

namespace OncRpc.Benchmarks;

/// <summary>
/// Encode and decode of an rpcbind DUMP result (rpcblist) built exactly like ../shared/bench/tirpc_xdr.c builds
/// it, so the figures compare with that program's xdrmem numbers.
/// </summary>
[MemoryDiagnoser]
public class RpcbListBenchmarks
{
    private static readonly string[] NetIds = ["tcp6", "udp6", "tcp", "udp", "local"];
    private static readonly string[] Addresses = ["::.0.111", "::.0.111", "0.0.0.0.0.111", "0.0.0.0.0.111", "/run/rpcbind.sock"];

    private readonly byte[] _buffer = new byte[1 << 20];
    private List<RpcbEntry> _list = [];
    private byte[] _encoded = [];
    private readonly XdrReaderOptions _pooled = new() { StringPool = new XdrStringPool() };

    [Params(16)]
    public int Entries { get; set; }

    public static List<RpcbEntry> Build(int entries)
    {
        var list = new List<RpcbEntry>(entries);
        for (int i = 0; i < entries; i++)
        {
            list.Add(new RpcbEntry((uint)(100000 + (i % 3 * 24)), (uint)(2 + (i % 3)), NetIds[i % 5], Addresses[i % 5], "superuser"));
        }

        return list;
    }

    [GlobalSetup]
    public void Setup()
    {
        _list = Build(Entries);
        var writer = new XdrWriter(_buffer);
        writer.WriteLinkedList(RpcbEntry.Codec, _list);
        _encoded = writer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int Encode()
    {
        var writer = new XdrWriter(_buffer);
        writer.WriteLinkedList(RpcbEntry.Codec, _list);
        return (int)writer.BytesWritten;
    }

    [Benchmark]
    public int Decode()
    {
        var reader = new XdrReader(_encoded);
        return reader.ReadLinkedList(RpcbEntry.Codec).Count;
    }

    /// <summary>Decode with an <see cref="XdrStringPool"/>: repeated netids, addresses and owners are not allocated again.</summary>
    [Benchmark]
    public int DecodePooled()
    {
        var reader = new XdrReader(_encoded, _pooled);
        return reader.ReadLinkedList(RpcbEntry.Codec).Count;
    }

    [Benchmark]
    public int EncodedSize() => XdrSize.LinkedList(RpcbEntry.Codec, _list);
}
