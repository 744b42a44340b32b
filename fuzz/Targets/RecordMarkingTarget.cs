using System.Buffers;
using System.IO.Pipelines;
using OncRpc.Framing;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// Record marking (RFC 5531 §11) as a stream peer sends it: <see cref="RecordMarking.TryReadRecord"/> over the bytes
/// split into segments, then <see cref="RecordReader"/> over a pipe fed in chunks. Layout: [limits][chunk size][stream].
/// </summary>
internal sealed class RecordMarkingTarget : FuzzTarget
{
    private static readonly int[] FragmentSizes = [1, 8, 64, RecordMarkingOptions.DefaultMaxFragmentSize];
    private static readonly int[] RecordSizes = [0, 16, 300, RecordMarkingOptions.DefaultMaxRecordSize];
    private static readonly int[] FragmentCounts = [1, 3, 64, RecordMarkingOptions.DefaultMaxFragmentCount];

    public override string Name => "record-marking";

    public override string Description => "RecordMarking.TryReadRecord over split sequences and RecordReader over a pipe, under small and default limits";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var options = new RecordMarkingOptions
        {
            MaxFragmentSize = FragmentSizes[input[0] & 3],
            MaxRecordSize = RecordSizes[(input[0] >> 2) & 3],
            MaxFragmentCount = FragmentCounts[(input[0] >> 4) & 3],
        };
        int chunk = input[1] == 0 ? int.MaxValue : input[1];
        byte[] stream = input.Slice(2).ToArray();
        try
        {
            ReadSequence(stream, chunk, options);
        }
        catch (RpcProtocolException)
        {
            // Expected for a bad stream; the pipe reader below must reject it too.
        }

        ReadPipe(stream, chunk, options);
    }

    private static void ReadSequence(byte[] stream, int chunk, RecordMarkingOptions options)
    {
        ReadOnlySequence<byte> buffer = Segment.Split(stream, chunk);
        int records = 0;
        while (RecordMarking.TryReadRecord(ref buffer, options, out RecordBuffer record))
        {
            using (record)
            {
                Touch(record.Span);
            }

            if (++records > stream.Length)
            {
                throw new FuzzFindingException($"TryReadRecord returned {records} records from {stream.Length} bytes");
            }
        }
    }

    private static void ReadPipe(byte[] stream, int chunk, RecordMarkingOptions options)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var reader = new RecordReader(pipe.Reader, options);
        var handler = new CountingHandler();
        int offset = 0;
        try
        {
            do
            {
                int n = Math.Min(chunk, stream.Length - offset);
                pipe.Writer.Write(stream.AsSpan(offset, n));
                offset += n;
                if (offset == stream.Length)
                {
                    pipe.Writer.Complete();
                }
                else
                {
                    pipe.Writer.FlushAsync().GetAwaiter().GetResult();
                }

                // One read per chunk consumes what arrived; after the last, read until the reader reports the end.
                bool more = reader.ReadAsync(handler).GetAwaiter().GetResult();
                while (more && offset == stream.Length)
                {
                    more = reader.ReadAsync(handler).GetAwaiter().GetResult();
                    if (handler.Records > stream.Length + 1)
                    {
                        throw new FuzzFindingException("RecordReader keeps reading after the stream ended");
                    }
                }
            }
            while (offset < stream.Length);
        }
        finally
        {
            pipe.Reader.Complete();
        }
    }

    private static void Touch(ReadOnlySpan<byte> record)
    {
        if (record.Length > 0 && record[0] == 0xff && record[^1] == 0xfe)
        {
            GC.KeepAlive(record.Length);
        }
    }

    private sealed class CountingHandler : IRecordHandler
    {
        public int Records { get; private set; }

        public void OnRecord(ReadOnlySpan<byte> record)
        {
            Records++;
            Touch(record);
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        foreach (RecordedExchange e in sources.Exchanges.Where(e => e.Transport == "tcp"))
        {
            yield return [0xff, 0, .. e.WireRequest, .. e.WireReply];
            yield return [0x3f, 7, .. e.WireReply];
            yield return [0x00, 3, .. e.WireRequest];
        }

        // Two fragments, then a record mark announcing more than the limits allow.
        yield return [0xff, 5, 0x00, 0, 0, 4, 1, 2, 3, 4, 0x80, 0, 0, 4, 5, 6, 7, 8, 0x80, 0x10, 0, 0];
    }
}
