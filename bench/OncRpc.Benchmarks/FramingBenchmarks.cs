using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using OncRpc.Framing;
using OncRpc.Xdr;

namespace OncRpc.Benchmarks;

/// <summary>
/// Record marking over an in-memory pipe: for each of <see cref="RecordsPerBatch"/> records, write it, flush, and
/// read it back through <see cref="RecordReader"/> (the steady state of a connection). Times are per record.
/// </summary>
[MemoryDiagnoser]
public class FramingBenchmarks
{
    public const int RecordsPerBatch = 100;

    private readonly CountingHandler _handler = new();
    private Pipe _pipe = null!;
    private RecordReader _reader = null!;
    private byte[] _body = null!;

    [Params(64, 64 * 1024)]
    public int RecordSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _reader = new RecordReader(_pipe.Reader);
        _body = new byte[RecordSize];
        new Random(1).NextBytes(_body);
    }

    /// <summary>Frames raw bodies (the span overload) and reads them back.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerBatch)]
    public int WriteAndReadRecords()
    {
        int count = 0;
        for (int i = 0; i < RecordsPerBatch; i++)
        {
            RecordMarking.WriteRecord(_pipe.Writer, _body);
            count += Drain();
        }

        return count;
    }

    /// <summary>Frames a value through its codec (size first, encoded in place) and reads it back.</summary>
    [Benchmark(OperationsPerInvoke = RecordsPerBatch)]
    public int WriteCodecAndReadRecords()
    {
        int count = 0;
        for (int i = 0; i < RecordsPerBatch; i++)
        {
            RecordMarking.WriteRecord(_pipe.Writer, XdrCodec.Opaque, _body);
            count += Drain();
        }

        return count;
    }

    private int Drain()
    {
        if (!_pipe.Writer.FlushAsync().IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("Flush did not complete synchronously.");
        }

        _handler.Count = 0;
        while (_handler.Count == 0)
        {
            ValueTask<bool> read = _reader.ReadAsync(_handler);
            if (!read.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("Read did not complete synchronously.");
            }
        }

        return _handler.Count;
    }

    private sealed class CountingHandler : IRecordHandler
    {
        public int Count { get; set; }

        public void OnRecord(ReadOnlySpan<byte> record) => Count++;
    }
}
