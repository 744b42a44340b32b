using BenchmarkDotNet.Attributes;
using OncRpc.Xdr;

namespace OncRpc.Benchmarks;

/// <summary>Encode and decode of XDR primitives, 64 values per operation so the loop overhead stays small.</summary>
[MemoryDiagnoser]
public class PrimitiveBenchmarks
{
    private const int Count = 64;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private byte[] _ints = [];
    private byte[] _hypers = [];
    private byte[] _bools = [];
    private byte[] _strings = [];
    private byte[] _opaques = [];
    private readonly byte[] _opaque = new byte[13];

    [GlobalSetup]
    public void Setup()
    {
        _ints = Fill(static (ref XdrWriter w, int i) => w.WriteInt32(i * 7919));
        _hypers = Fill(static (ref XdrWriter w, int i) => w.WriteInt64(i * 0x1_0000_0001L));
        _bools = Fill(static (ref XdrWriter w, int i) => w.WriteBoolean((i & 1) == 0));
        _strings = Fill(static (ref XdrWriter w, int i) => w.WriteString("superuser"));
        _opaques = Fill(static (ref XdrWriter w, int i) => w.WriteOpaque(new byte[13]));
    }

    [Benchmark]
    public long EncodeInt32()
    {
        var writer = new XdrWriter(_buffer);
        for (int i = 0; i < Count; i++)
        {
            writer.WriteInt32(i);
        }

        return writer.BytesWritten;
    }

    [Benchmark]
    public long DecodeInt32()
    {
        var reader = new XdrReader(_ints);
        long sum = 0;
        for (int i = 0; i < Count; i++)
        {
            sum += reader.ReadInt32();
        }

        return sum;
    }

    [Benchmark]
    public long EncodeInt64()
    {
        var writer = new XdrWriter(_buffer);
        for (int i = 0; i < Count; i++)
        {
            writer.WriteInt64(i);
        }

        return writer.BytesWritten;
    }

    [Benchmark]
    public long DecodeInt64()
    {
        var reader = new XdrReader(_hypers);
        long sum = 0;
        for (int i = 0; i < Count; i++)
        {
            sum += reader.ReadInt64();
        }

        return sum;
    }

    [Benchmark]
    public int DecodeBoolean()
    {
        var reader = new XdrReader(_bools);
        int trues = 0;
        for (int i = 0; i < Count; i++)
        {
            trues += reader.ReadBoolean() ? 1 : 0;
        }

        return trues;
    }

    [Benchmark]
    public long EncodeString()
    {
        var writer = new XdrWriter(_buffer);
        for (int i = 0; i < Count; i++)
        {
            writer.WriteString("superuser");
        }

        return writer.BytesWritten;
    }

    [Benchmark]
    public int DecodeString()
    {
        var reader = new XdrReader(_strings);
        int total = 0;
        for (int i = 0; i < Count; i++)
        {
            total += reader.ReadString().Length;
        }

        return total;
    }

    [Benchmark]
    public long EncodeOpaque()
    {
        var writer = new XdrWriter(_buffer);
        for (int i = 0; i < Count; i++)
        {
            writer.WriteOpaque(_opaque);
        }

        return writer.BytesWritten;
    }

    [Benchmark]
    public int DecodeOpaqueSpan()
    {
        var reader = new XdrReader(_opaques);
        int total = 0;
        for (int i = 0; i < Count; i++)
        {
            total += reader.ReadOpaque().Length;
        }

        return total;
    }

    private delegate void WriteOne(ref XdrWriter writer, int index);

    private static byte[] Fill(WriteOne write)
    {
        var buffer = new byte[64 * 1024];
        var writer = new XdrWriter(buffer);
        for (int i = 0; i < Count; i++)
        {
            write(ref writer, i);
        }

        return writer.WrittenSpan.ToArray();
    }
}
