using System.Buffers;
using System.Buffers.Binary;
using FsCheck;
using FsCheck.Xunit;
using OncRpc.Framing;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Framing;

public sealed class RecordMarkingWriteTests
{
    [Fact]
    public void Small_value_is_one_last_fragment_with_the_encoding_in_place()
    {
        var output = new ArrayBufferWriter<byte>();

        RecordMarking.WriteRecord(output, XdrCodec.UInt32, 0x01020304u);

        Assert.Equal(new byte[] { 0x80, 0, 0, 4, 1, 2, 3, 4 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Empty_body_is_one_empty_last_fragment()
    {
        var output = new ArrayBufferWriter<byte>();

        RecordMarking.WriteRecord(output, ReadOnlySpan<byte>.Empty);
        RecordMarking.WriteRecord(output, XdrCodec.Void, default);

        Assert.Equal(new byte[] { 0x80, 0, 0, 0, 0x80, 0, 0, 0 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Body_longer_than_the_fragment_size_is_split_with_the_last_flag_only_on_the_last_fragment()
    {
        var output = new ArrayBufferWriter<byte>();
        byte[] body = Enumerable.Range(0, 10).Select(i => (byte)i).ToArray();

        RecordMarking.WriteRecord(output, body, new RecordMarkingOptions { MaxFragmentSize = 4 });

        Assert.Equal(
            new byte[] { 0, 0, 0, 4, 0, 1, 2, 3, 0, 0, 0, 4, 4, 5, 6, 7, 0x80, 0, 0, 2, 8, 9 },
            output.WrittenSpan.ToArray());
        Assert.Equal(output.WrittenCount, RecordMarking.GetFramedLength(body.Length, new RecordMarkingOptions { MaxFragmentSize = 4 }));
    }

    [Fact]
    public void Codec_value_longer_than_the_fragment_size_is_split_at_exact_boundaries()
    {
        var output = new ArrayBufferWriter<byte>();
        uint[] value = Enumerable.Range(1, 100).Select(i => (uint)i).ToArray();
        IXdrCodec<uint[]> codec = XdrCodec.Array(XdrCodec.UInt32);

        RecordMarking.WriteRecord(output, codec, value, new RecordMarkingOptions { MaxFragmentSize = 30 });

        List<(int Length, bool Last)> headers = Headers(output.WrittenSpan);
        Assert.Equal(14, headers.Count); // 404 bytes in fragments of 30
        Assert.All(headers.Take(13), h => Assert.Equal((30, false), h));
        Assert.Equal((404 - (13 * 30), true), headers[^1]);
        Assert.Equal(value, Decode(output.WrittenMemory, codec));
    }

    [Fact]
    public void Large_opaque_straddling_fragment_boundaries_round_trips()
    {
        var output = new ArrayBufferWriter<byte>();
        byte[] value = new byte[100_000];
        new Random(42).NextBytes(value);

        RecordMarking.WriteRecord(output, XdrCodec.Opaque, value, new RecordMarkingOptions { MaxFragmentSize = 4096 });

        Assert.Equal(RecordMarking.GetFramedLength(100_004, new RecordMarkingOptions { MaxFragmentSize = 4096 }), output.WrittenCount);
        Assert.Equal(value, Decode(output.WrittenMemory, XdrCodec.Opaque));
    }

    [Fact]
    public void Codec_that_writes_a_different_size_than_announced_throws_invalid_operation()
    {
        Assert.Throws<InvalidOperationException>(() => RecordMarking.WriteRecord(new ArrayBufferWriter<byte>(), new LyingCodec(4, 8), 0));
        Assert.Throws<InvalidOperationException>(() => RecordMarking.WriteRecord(new ArrayBufferWriter<byte>(), new LyingCodec(8, 4), 0));
        var split = new RecordMarkingOptions { MaxFragmentSize = 4 };
        Assert.Throws<InvalidOperationException>(() => RecordMarking.WriteRecord(new ArrayBufferWriter<byte>(), new LyingCodec(8, 12), 0, split));
        Assert.Throws<InvalidOperationException>(() => RecordMarking.WriteRecord(new ArrayBufferWriter<byte>(), new LyingCodec(12, 8), 0, split));
    }

    [Property(MaxTest = 200)]
    public bool Written_records_read_back_identically_for_any_fragment_size(string[] strings, uint[] numbers, PositiveInt fragmentSize)
    {
        strings = (strings ?? []).Select(s => s ?? string.Empty).Select(s => new string(s.Where(c => !char.IsSurrogate(c)).ToArray())).ToArray();
        var value = (strings, numbers ?? []);
        var codec = new PairCodec();
        var options = new RecordMarkingOptions { MaxFragmentSize = 1 + (fragmentSize.Get % 200) };
        var output = new ArrayBufferWriter<byte>();

        RecordMarking.WriteRecord(output, codec, value, options);
        RecordMarking.WriteRecord(output, codec, value, options);

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        for (int i = 0; i < 2; i++)
        {
            if (!RecordMarking.TryReadRecord(ref buffer, new RecordMarkingOptions { MaxFragmentCount = int.MaxValue }, out RecordBuffer record))
            {
                return false;
            }

            using (record)
            {
                var reader = new XdrReader(record.Span);
                var decoded = codec.Read(ref reader);
                if (!reader.IsAtEnd || !decoded.Item1.SequenceEqual(value.strings) || !decoded.Item2.SequenceEqual(value.Item2))
                {
                    return false;
                }
            }
        }

        return buffer.IsEmpty && output.WrittenCount == 2 * RecordMarking.GetFramedLength(codec.GetEncodedSize(value), options);
    }

    [Fact]
    public async Task Writing_to_a_pipe_round_trips_through_the_record_reader()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        RecordMarking.WriteRecord(pipe.Writer, XdrCodec.String, "hello");
        RecordMarking.WriteRecord(pipe.Writer, new byte[] { 1, 2, 3 }, new RecordMarkingOptions { MaxFragmentSize = 1 });
        Assert.True(pipe.Writer.FlushAsync().IsCompletedSuccessfully);
        pipe.Writer.Complete();
        var handler = new RecordingHandler();

        await new RecordReader(pipe.Reader).RunAsync(handler);

        Assert.Equal([[0, 0, 0, 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0, 0, 0], [1, 2, 3]], handler.Records);
    }

    private static T Decode<T>(ReadOnlyMemory<byte> wire, IXdrCodec<T> codec)
    {
        var buffer = new ReadOnlySequence<byte>(wire);
        Assert.True(RecordMarking.TryReadRecord(ref buffer, RecordMarkingOptions.Default, out RecordBuffer record));
        using (record)
        {
            Assert.True(buffer.IsEmpty);
            var reader = new XdrReader(record.Span, new XdrReaderOptions { MaxOpaqueLength = int.MaxValue });
            T value = codec.Read(ref reader);
            reader.ReadEnd();
            return value;
        }
    }

    private static List<(int Length, bool Last)> Headers(ReadOnlySpan<byte> wire)
    {
        var headers = new List<(int, bool)>();
        while (!wire.IsEmpty)
        {
            uint header = BinaryPrimitives.ReadUInt32BigEndian(wire);
            int length = (int)(header & 0x7FFF_FFFF);
            headers.Add((length, (header & 0x8000_0000) != 0));
            wire = wire.Slice(4 + length);
        }

        return headers;
    }

    private sealed class LyingCodec(int announced, int written) : IXdrCodec<int>
    {
        public int GetEncodedSize(int value) => announced;

        public int Read(ref XdrReader reader) => throw new NotSupportedException();

        public void Write(ref XdrWriter writer, int value)
        {
            for (int i = 0; i < written; i += 4)
            {
                writer.WriteInt32(i);
            }
        }
    }

    private sealed class PairCodec : IXdrCodec<(string[], uint[])>
    {
        private static readonly IXdrCodec<string[]> Strings = XdrCodec.Array(XdrCodec.String);
        private static readonly IXdrCodec<uint[]> Numbers = XdrCodec.Array(XdrCodec.UInt32);

        public int GetEncodedSize((string[], uint[]) value) => Strings.GetEncodedSize(value.Item1) + Numbers.GetEncodedSize(value.Item2);

        public (string[], uint[]) Read(ref XdrReader reader) => (Strings.Read(ref reader), Numbers.Read(ref reader));

        public void Write(ref XdrWriter writer, (string[], uint[]) value)
        {
            Strings.Write(ref writer, value.Item1);
            Numbers.Write(ref writer, value.Item2);
        }
    }
}
