using System.Buffers;
using BenchmarkDotNet.Attributes;
using OncRpc.Framing;

namespace OncRpc.Benchmarks;

/// <summary>The pure framer alone: <see cref="RecordMarking.TryReadRecord"/> over a buffer of pre-framed records.</summary>
[MemoryDiagnoser]
public class FramingReadBenchmarks
{
    public const int RecordsPerBatch = 100;

    private ReadOnlySequence<byte> _framed;

    [Params(64, 64 * 1024)]
    public int RecordSize { get; set; }

    [Params(1, 4)]
    public int FragmentsPerRecord { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var output = new ArrayBufferWriter<byte>();
        var options = new RecordMarkingOptions { MaxFragmentSize = (RecordSize + FragmentsPerRecord - 1) / FragmentsPerRecord };
        byte[] body = new byte[RecordSize];
        for (int i = 0; i < RecordsPerBatch; i++)
        {
            RecordMarking.WriteRecord(output, body, options);
        }

        _framed = new ReadOnlySequence<byte>(output.WrittenMemory);
    }

    [Benchmark(OperationsPerInvoke = RecordsPerBatch)]
    public long ReadRecords()
    {
        ReadOnlySequence<byte> buffer = _framed;
        long total = 0;
        while (RecordMarking.TryReadRecord(ref buffer, RecordMarkingOptions.Default, out RecordBuffer record))
        {
            total += record.Length;
            record.Dispose();
        }

        return total;
    }
}
