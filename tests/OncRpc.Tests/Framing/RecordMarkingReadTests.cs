using System.Buffers;
using FsCheck;
using FsCheck.Xunit;
using OncRpc.Framing;
using Xunit;
using static OncRpc.Tests.Framing.FramingTestData;

namespace OncRpc.Tests.Framing;

public sealed class RecordMarkingReadTests
{
    private static readonly RecordMarkingOptions Options = RecordMarkingOptions.Default;

    [Fact]
    public void Single_fragment_record_in_one_segment_is_a_slice_not_a_copy()
    {
        byte[] wire = Frame([1, 2, 3, 4, 5], []);
        var buffer = new ReadOnlySequence<byte>(wire);

        Assert.True(RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer record));
        using (record)
        {
            Assert.False(record.IsCopy);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, record.Span.ToArray());
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(record.Memory, out ArraySegment<byte> segment));
            Assert.Same(wire, segment.Array);
            Assert.Equal(4, segment.Offset);
        }

        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Multi_fragment_record_is_joined_into_a_pooled_copy()
    {
        byte[] wire = Frame([1, 2, 3, 4, 5, 6], [2, 0, 3]);
        var buffer = new ReadOnlySequence<byte>(wire);

        Assert.True(RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer record));
        using (record)
        {
            Assert.True(record.IsCopy);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, record.Span.ToArray());
        }
    }

    [Fact]
    public void Empty_record_is_read_as_zero_length()
    {
        var buffer = new ReadOnlySequence<byte>([.. Header(0, last: true), .. Header(0, last: false), .. Header(0, last: true)]);

        Assert.True(RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer first));
        Assert.True(RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer second));
        Assert.Equal(0, first.Length);
        Assert.Equal(0, second.Length);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(13)]
    public void Incomplete_record_returns_false_and_leaves_the_buffer_unchanged(int available)
    {
        byte[] wire = Frame([1, 2, 3, 4, 5, 6], [2]); // 4+2+4+4 = 14 bytes
        var buffer = new ReadOnlySequence<byte>(wire, 0, available);
        ReadOnlySequence<byte> before = buffer;

        Assert.False(RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer record));
        Assert.Equal(0, record.Length);
        Assert.Equal(before, buffer);
    }

    [Fact]
    public void Header_announcing_more_than_the_limit_throws_before_the_body_arrives()
    {
        var options = new RecordMarkingOptions { MaxRecordSize = 100 };
        var buffer = new ReadOnlySequence<byte>(Header(101, last: true));

        var ex = Assert.Throws<RpcProtocolException>(() => RecordMarking.TryReadRecord(ref buffer, options, out _));
        Assert.Equal(RpcStatus.ProtocolError, ex.Status);
    }

    [Fact]
    public void Fragments_summing_to_more_than_the_limit_throw_at_the_header_that_crosses_it()
    {
        var options = new RecordMarkingOptions { MaxRecordSize = 100 };
        byte[] wire = [.. Header(60, last: false), .. new byte[60], .. Header(41, last: true)];
        var buffer = new ReadOnlySequence<byte>(wire);

        Assert.Throws<RpcProtocolException>(() => RecordMarking.TryReadRecord(ref buffer, options, out _));
    }

    [Fact]
    public void Record_of_exactly_the_limit_is_accepted()
    {
        var options = new RecordMarkingOptions { MaxRecordSize = 8, MaxFragmentCount = 2 };
        byte[] wire = Frame(new byte[8], [5]);
        var buffer = new ReadOnlySequence<byte>(wire);

        Assert.True(RecordMarking.TryReadRecord(ref buffer, options, out RecordBuffer record));
        Assert.Equal(8, record.Length);
        record.Dispose();
    }

    [Fact]
    public void More_fragments_than_the_limit_throw_even_when_empty()
    {
        var options = new RecordMarkingOptions { MaxFragmentCount = 3 };
        byte[] wire = [.. Header(0, false), .. Header(0, false), .. Header(0, false), .. Header(0, false)];
        var buffer = new ReadOnlySequence<byte>(wire);

        Assert.Throws<RpcProtocolException>(() => RecordMarking.TryReadRecord(ref buffer, options, out _));
    }

    [Fact]
    public void Header_split_across_segments_is_read()
    {
        byte[] wire = Frame([9, 8, 7], []);
        ReadOnlySequence<byte> buffer = FromChunks([wire[..1], wire[1..3], wire[3..5], wire[5..]]);

        Assert.True(RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer record));
        using (record)
        {
            Assert.True(record.IsCopy);
            Assert.Equal(new byte[] { 9, 8, 7 }, record.Span.ToArray());
        }
    }

    [Fact]
    public void Null_options_throw_argument_null()
    {
        var buffer = ReadOnlySequence<byte>.Empty;
        Assert.Throws<ArgumentNullException>(() => RecordMarking.TryReadRecord(ref buffer, null!, out _));
    }

    [Theory]
    [InlineData(-1, 1, 1)]
    [InlineData(0, 0, 1)]
    [InlineData(0, 1, 0)]
    public void Options_reject_out_of_range_values(int maxRecordSize, int maxFragmentCount, int maxFragmentSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordMarkingOptions
        {
            MaxRecordSize = maxRecordSize,
            MaxFragmentCount = maxFragmentCount,
            MaxFragmentSize = maxFragmentSize,
        });

    [Property(MaxTest = 300)]
    public bool Any_record_cut_into_any_fragments_and_segments_reassembles_identically(
        byte[] body, int[] fragmentCuts, int[] segmentSizes, byte[] trailer)
    {
        byte[] first = Frame(body, FragmentLengths(body.Length, fragmentCuts));
        byte[] second = Frame(trailer, []);
        byte[] wire = [.. first, .. second];
        ReadOnlySequence<byte> whole = Segmented(wire, segmentSizes);

        // Every strict prefix of the first record is "need more", never a partial record or an exception.
        for (int cut = 0; cut < first.Length; cut += Math.Max(1, first.Length / 40))
        {
            ReadOnlySequence<byte> prefix = whole.Slice(0, cut);
            if (RecordMarking.TryReadRecord(ref prefix, Options, out _) || prefix.Length != cut)
            {
                return false;
            }
        }

        ReadOnlySequence<byte> buffer = whole;
        if (!RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer r1))
        {
            return false;
        }

        using (r1)
        {
            if (!r1.Span.SequenceEqual(body) || !RecordMarking.TryReadRecord(ref buffer, Options, out RecordBuffer r2))
            {
                return false;
            }

            using (r2)
            {
                return r2.Span.SequenceEqual(trailer) && buffer.IsEmpty;
            }
        }
    }

    [Property(MaxTest = 500)]
    public bool Garbage_produces_records_within_limits_or_protocol_exceptions_only(
        byte[] garbage, int[] segmentSizes, byte maxRecord, byte maxFragments)
    {
        var options = new RecordMarkingOptions { MaxRecordSize = maxRecord, MaxFragmentCount = 1 + (maxFragments % 8) };
        ReadOnlySequence<byte> buffer = Segmented(garbage, segmentSizes);
        try
        {
            int records = 0;
            while (RecordMarking.TryReadRecord(ref buffer, options, out RecordBuffer record))
            {
                using (record)
                {
                    if (record.Length > options.MaxRecordSize)
                    {
                        return false;
                    }
                }

                if (++records > garbage.Length)
                {
                    return false;
                }
            }

            return true;
        }
        catch (RpcProtocolException)
        {
            return true;
        }
    }
}
