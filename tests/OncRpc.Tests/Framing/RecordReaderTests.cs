using System.Buffers;
using System.IO.Pipelines;
using FsCheck;
using FsCheck.Xunit;
using OncRpc.Framing;
using Xunit;
using static OncRpc.Tests.Framing.FramingTestData;

namespace OncRpc.Tests.Framing;

public sealed class RecordReaderTests
{
    private static Pipe NewPipe() => new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));

    [Fact]
    public async Task RunAsync_delivers_records_until_the_stream_ends_and_completes_the_reader()
    {
        var pipe = NewPipe();
        var handler = new RecordingHandler();
        var reader = new RecordReader(pipe.Reader);
        Task run = reader.RunAsync(handler);

        await pipe.Writer.WriteAsync(Frame([1, 2, 3], [1]));
        await pipe.Writer.WriteAsync(Frame([4], []));
        await pipe.Writer.CompleteAsync();
        await run;

        Assert.Equal([[1, 2, 3], [4]], handler.Records);
        // A completed reader makes the writer's next flush report completion.
        FlushResult flush = await pipe.Writer.FlushAsync();
        Assert.True(flush.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_reports_a_record_cut_short_at_end_of_stream()
    {
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader);
        Task run = reader.RunAsync(new RecordingHandler());

        await pipe.Writer.WriteAsync(new byte[] { 0x80, 0, 0, 10, 1, 2, 3 });
        await pipe.Writer.CompleteAsync();

        await Assert.ThrowsAsync<RpcProtocolException>(() => run);
    }

    [Fact]
    public async Task RunAsync_fails_on_an_oversized_header_without_waiting_for_the_body()
    {
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader, new RecordMarkingOptions { MaxRecordSize = 1024 });
        Task run = reader.RunAsync(new RecordingHandler());

        await pipe.Writer.WriteAsync(Header(0x7FFF_FFFF, last: true));

        await Assert.ThrowsAsync<RpcProtocolException>(() => run);
        // The reader was completed with the error, so the writing side sees it.
        await Assert.ThrowsAsync<RpcProtocolException>(async () => await pipe.Writer.FlushAsync());
    }

    [Fact]
    public async Task RunAsync_propagates_a_handler_exception_and_completes_the_reader()
    {
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader);
        Task run = reader.RunAsync(new ThrowingHandler());

        await pipe.Writer.WriteAsync(Frame([1], []));

        await Assert.ThrowsAsync<FormatException>(() => run);
    }

    [Fact]
    public async Task RunAsync_stops_on_cancellation()
    {
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader);
        using var cts = new CancellationTokenSource();
        Task run = reader.RunAsync(new RecordingHandler(), cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunAsync_returns_when_the_pending_read_is_cancelled()
    {
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader);
        Task run = reader.RunAsync(new RecordingHandler());

        pipe.Reader.CancelPendingRead();

        await run;
    }

    [Fact]
    public async Task ReadAsync_waits_for_the_rest_of_an_incomplete_record()
    {
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader);
        var handler = new RecordingHandler();
        byte[] wire = Frame([1, 2, 3, 4, 5, 6, 7, 8], [3]);

        await pipe.Writer.WriteAsync(wire.AsMemory(0, 9));
        Assert.True(await reader.ReadAsync(handler));
        Assert.Empty(handler.Records);

        // Everything buffered was examined: the next read must wait for new bytes rather than return at once.
        ValueTask<bool> next = reader.ReadAsync(handler);
        Assert.False(next.IsCompleted);

        await pipe.Writer.WriteAsync(wire.AsMemory(9));
        Assert.True(await next);
        Assert.Equal([[1, 2, 3, 4, 5, 6, 7, 8]], handler.Records);

        await pipe.Writer.CompleteAsync();
        Assert.False(await reader.ReadAsync(handler));
    }

    [Property(MaxTest = 100)]
    public bool Records_delivered_in_arbitrary_chunks_come_out_identical(byte[][] bodies, int[] fragmentCuts, int[] chunkSizes)
    {
        bodies ??= [];
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader);
        var handler = new RecordingHandler();
        byte[] wire = bodies.SelectMany(b => Frame(b ?? [], FragmentLengths((b ?? []).Length, fragmentCuts))).ToArray();

        int offset = 0;
        int i = 0;
        while (offset < wire.Length)
        {
            int size = chunkSizes is { Length: > 0 } ? (int)(((uint)chunkSizes[i++ % chunkSizes.Length] % 97u) + 1u) : wire.Length;
            size = Math.Min(size, wire.Length - offset);
            pipe.Writer.Write(wire.AsSpan(offset, size));
            offset += size;
            if (!pipe.Writer.FlushAsync().IsCompletedSuccessfully)
            {
                return false;
            }

            ValueTask<bool> read = reader.ReadAsync(handler);
            if (!read.IsCompletedSuccessfully || !read.Result)
            {
                return false;
            }
        }

        pipe.Writer.Complete();
        ValueTask<bool> end = reader.ReadAsync(handler);
        return end.IsCompletedSuccessfully && !end.Result
            && handler.Records.Count == bodies.Length
            && handler.Records.Zip(bodies, (a, b) => a.AsSpan().SequenceEqual(b ?? [])).All(x => x);
    }

    [Property(MaxTest = 300)]
    public bool Garbage_stream_ends_cleanly_or_with_a_protocol_exception(byte[] garbage, byte maxRecord)
    {
        var pipe = NewPipe();
        var reader = new RecordReader(pipe.Reader, new RecordMarkingOptions { MaxRecordSize = maxRecord, MaxFragmentCount = 4 });
        pipe.Writer.Write(garbage);
        pipe.Writer.Complete();
        try
        {
            reader.RunAsync(new RecordingHandler()).GetAwaiter().GetResult();
            return true;
        }
        catch (RpcProtocolException)
        {
            return true;
        }
    }

    private sealed class ThrowingHandler : IRecordHandler
    {
        public void OnRecord(ReadOnlySpan<byte> record) => throw new FormatException("bad record");
    }
}
