using System.Buffers;
using System.IO.Pipelines;
using FsCheck;
using FsCheck.Xunit;
using OncRpc.Framing;
using Xunit;
using static OncRpc.Tests.Framing.FramingTestData;

namespace OncRpc.Tests.Framing;

/// <summary>Records larger than the pipe holds at once: incremental assembly, back-pressure, bounded memory.</summary>
public sealed class RecordReaderLargeRecordTests
{
    [Fact]
    public async Task Record_larger_than_the_pipe_pause_threshold_is_delivered_without_stalling_the_writer()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
        var handler = new RecordingHandler();
        Task run = new RecordReader(pipe.Reader).RunAsync(handler);
        byte[] body = new byte[1024 * 1024];
        new Random(7).NextBytes(body);

        RecordMarking.WriteRecord(pipe.Writer, body, new RecordMarkingOptions { MaxFragmentSize = 300_000 });
        await pipe.Writer.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        RecordMarking.WriteRecord(pipe.Writer, [1, 2, 3]);
        await pipe.Writer.CompleteAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, handler.Records.Count);
        Assert.Equal(body, handler.Records[0]);
        Assert.Equal([1, 2, 3], handler.Records[1]);
    }

    [Property(MaxTest = 25)]
    public bool Large_records_in_arbitrary_fragments_and_chunks_come_out_identical(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var reader = new RecordReader(pipe.Reader);
        var handler = new RecordingHandler();
        byte[][] bodies = Enumerable.Range(0, 1 + random.Next(4)).Select(_ =>
        {
            byte[] body = new byte[random.Next(3) == 0 ? random.Next(100) : random.Next(200_000)];
            random.NextBytes(body);
            return body;
        }).ToArray();
        byte[] wire = bodies.SelectMany(b => Frame(b, FragmentLengths(b.Length, Enumerable.Range(0, random.Next(6)).Select(_ => random.Next()).ToArray()))).ToArray();

        int offset = 0;
        while (offset < wire.Length)
        {
            int size = Math.Min(wire.Length - offset, 1 + random.Next(random.Next(2) == 0 ? 50 : 40_000));
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
            && handler.Records.Zip(bodies, (a, b) => a.AsSpan().SequenceEqual(b)).All(x => x);
    }

    [Fact]
    public void Header_announcing_2_GiB_throws_without_allocating_the_record()
    {
        byte[] wire = [.. Header(0x7FFF_FFFF, last: true), .. new byte[64]];
        var buffer = new ReadOnlySequence<byte>(wire);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<RpcProtocolException>(() => RecordMarking.TryReadRecord(ref buffer, RecordMarkingOptions.Default, out _));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Only the exception and its message.
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public async Task Peer_announcing_2_GiB_under_a_raised_limit_costs_memory_in_proportion_to_what_it_sends()
    {
        var options = new RecordMarkingOptions { MaxRecordSize = int.MaxValue };
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var reader = new RecordReader(pipe.Reader, options);
        var handler = new RecordingHandler();
        byte[] chunk = new byte[64 * 1024];
        const int Sent = 1024 * 1024;

        long before = GC.GetAllocatedBytesForCurrentThread();
        pipe.Writer.Write(Header(0x7FFF_FFFF, last: true));
        for (int sent = 0; sent < Sent; sent += chunk.Length)
        {
            pipe.Writer.Write(chunk);
            Assert.True(pipe.Writer.FlushAsync().IsCompletedSuccessfully);
            Assert.True(CompletedWithTrue(reader.ReadAsync(handler)));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(handler.Records);
        // The assembly buffer doubles as bytes arrive: at most about twice what was sent, plus pipe segments.
        Assert.True(allocated < 4L * Sent, $"{allocated} bytes allocated for {Sent} bytes sent");
        pipe.Writer.Complete();
        await Assert.ThrowsAsync<RpcProtocolException>(() => reader.ReadAsync(handler).AsTask());
    }

    [Theory]
    [InlineData(64)]
    [InlineData(64 * 1024)]
    public void Steady_state_reading_and_writing_allocates_nothing_per_record(int size)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var reader = new RecordReader(pipe.Reader);
        var handler = new CountingHandler();
        byte[] body = new byte[size];

        void RoundTrip(int count)
        {
            for (int i = 0; i < count; i++)
            {
                RecordMarking.WriteRecord(pipe.Writer, body);
                if (!pipe.Writer.FlushAsync().IsCompletedSuccessfully || !reader.ReadAsync(handler).IsCompletedSuccessfully)
                {
                    throw new InvalidOperationException("The pipe did not complete synchronously.");
                }
            }
        }

        RoundTrip(50);

        // The pipe's segments and the reader's assembly buffer come from ArrayPool<byte>.Shared, which a gen-2 GC
        // (caused by other tests running in parallel) may trim: the next rent then allocates once. A per-record
        // allocation shows in every window of 200 records; a trim shows in one. So the quietest window must be 0.
        var windows = new List<long>();
        for (int window = 0; window < 5 && (windows.Count == 0 || windows.Min() != 0); window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            RoundTrip(200);
            windows.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(50 + (200 * windows.Count), handler.Count);
        Assert.True(windows.Min() == 0, $"bytes allocated per window of 200 records: {string.Join(", ", windows)}");
    }

    private static bool CompletedWithTrue(ValueTask<bool> read) => read.IsCompletedSuccessfully && read.Result;

    private sealed class CountingHandler : IRecordHandler
    {
        public int Count { get; private set; }

        public void OnRecord(ReadOnlySpan<byte> record) => Count++;
    }
}
