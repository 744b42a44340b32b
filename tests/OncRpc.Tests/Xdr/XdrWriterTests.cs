using System.Buffers;
using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Xdr.XdrBytes;

namespace OncRpc.Tests.Xdr;

public sealed class XdrWriterTests
{
    [Fact]
    public void Writes_integers_big_endian()
    {
        byte[] bytes = Encode((ref XdrWriter w) =>
        {
            w.WriteInt32(-2);
            w.WriteUInt32(0x8000_0000);
            w.WriteInt64(-1);
            w.WriteUInt64(0x1_0000_0002);
            w.WriteBoolean(true);
            w.WriteSingle(1.5f);
            w.WriteDouble(-Math.PI);
            w.WriteEnum(DayOfWeek.Friday);
        });
        Assert.Equal(Hex("FFFFFFFE 80000000 FFFFFFFFFFFFFFFF 0000000100000002 00000001 3FC00000 C00921FB54442D18 00000005"), bytes);
    }

    [Fact]
    public void Writes_opaque_and_strings_with_zero_padding()
    {
        byte[] bytes = Encode((ref XdrWriter w) =>
        {
            w.WriteOpaque(new byte[] { 1, 2, 3, 4, 5 });
            w.WriteFixedOpaque(new byte[] { 0xAA });
            w.WriteString("tcp");
            w.WriteString("ü");
            w.WriteString(string.Empty);
        });
        Assert.Equal(Hex("00000005 0102030405000000 AA000000 00000003 74637000 00000002 C3BC0000 00000000"), bytes);
    }

    [Fact]
    public void Write_string_over_dirty_memory_still_pads_with_zeros()
    {
        byte[] buffer = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        var writer = new XdrWriter(buffer);
        writer.WriteString("a");
        writer.WriteString("0123456789abcdefghij");
        writer.WriteString("é");
        Assert.Equal(Hex("00000001 61000000 00000014 3031323334353637383961626364656667686900 00000002 C3A90000").Length, (int)writer.BytesWritten);
        Assert.Equal(Hex("00000001 61000000 00000014 30313233343536373839616263646566676869 6A 00000002 C3A90000"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Write_string_longer_than_its_maximum_throws_argument_exception()
    {
        var writer = new XdrWriter(new byte[64]);
        try
        {
            writer.WriteString("abcde", maxLength: 4);
            Assert.Fail("no exception");
        }
        catch (ArgumentException)
        {
        }

        try
        {
            writer.WriteString("ééé", maxLength: 4);
            Assert.Fail("no exception");
        }
        catch (ArgumentException)
        {
        }

        Assert.Equal(0, writer.BytesWritten);
    }

    [Fact]
    public void Write_string_with_an_unpaired_surrogate_throws_argument_exception()
    {
        var writer = new XdrWriter(new byte[64]);
        try
        {
            writer.WriteString("a\uD800b");
            Assert.Fail("no exception");
        }
        catch (ArgumentException)
        {
        }

        Assert.Throws<ArgumentException>(() => XdrSize.String("\uDC00"));
    }

    [Fact]
    public void Write_past_the_end_of_a_fixed_span_throws_argument_exception()
    {
        var writer = new XdrWriter(new byte[6]);
        writer.WriteInt32(1);
        try
        {
            writer.WriteInt32(2);
            Assert.Fail("no exception");
        }
        catch (ArgumentException)
        {
        }

        try
        {
            writer.WriteString("x");
            Assert.Fail("no exception");
        }
        catch (ArgumentException)
        {
        }

        Assert.Equal(4, writer.BytesWritten);
    }

    [Fact]
    public void Writer_over_a_buffer_writer_grows_across_chunks()
    {
        var output = new ArrayBufferWriter<byte>(16);
        var writer = new XdrWriter(output);
        string big = new('x', 5000);
        for (int i = 0; i < 300; i++)
        {
            writer.WriteUInt32((uint)i);
        }

        writer.WriteString(big);
        writer.WriteString("ü" + big);
        writer.Flush();
        Assert.Equal(1200 + 4 + 5000 + 4 + 5004, output.WrittenCount);
        Assert.Equal(output.WrittenCount, writer.BytesWritten);

        var reader = new XdrReader(output.WrittenSpan);
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal((uint)i, reader.ReadUInt32());
        }

        Assert.Equal(big, reader.ReadString());
        Assert.Equal("ü" + big, reader.ReadString());
    }

    [Fact]
    public void Writes_arrays_optional_data_and_linked_lists()
    {
        byte[] bytes = Encode((ref XdrWriter w) =>
        {
            w.WriteArray(XdrCodec.UInt32, new uint[] { 7, 8 });
            w.WriteFixedArray(XdrCodec.Int32, new[] { 9 });
            w.WriteOptional(XdrCodec.String, "A");
            w.WriteOptional<string>(XdrCodec.String, null);
            w.WriteOptionalValue(XdrCodec.UInt32, 42u);
            w.WriteLinkedList(XdrCodec.UInt32, new List<uint> { 3, 4 });
            w.WriteLinkedList(XdrCodec.UInt32, new uint[] { 5 });
            w.WriteLinkedList(XdrCodec.UInt32, Enumerable.Range(6, 1).Select(i => (uint)i));
        });
        Assert.Equal(
            Hex("00000002 00000007 00000008 00000009 00000001 00000001 41000000 00000000 00000001 0000002A " +
                "00000001 00000003 00000001 00000004 00000000 00000001 00000005 00000000 00000001 00000006 00000000"),
            bytes);
    }

    [Fact]
    public void Write_array_longer_than_its_maximum_throws_argument_exception()
    {
        var writer = new XdrWriter(new byte[64]);
        try
        {
            writer.WriteArray(XdrCodec.UInt32, new uint[] { 1, 2, 3 }, maxCount: 2);
            Assert.Fail("no exception");
        }
        catch (ArgumentException)
        {
        }
    }

    [Fact]
    public void Encoding_allocates_nothing()
    {
        byte[] buffer = new byte[1024];
        var list = new List<uint> { 1, 2, 3 };
        Run(buffer, list);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(buffer, list);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Run(byte[] buffer, List<uint> list)
        {
            var writer = new XdrWriter(buffer);
            writer.WriteInt64(1);
            writer.WriteString("superuser");
            writer.WriteString("grüße");
            writer.WriteOpaque(buffer.AsSpan(0, 7));
            writer.WriteLinkedList(XdrCodec.UInt32, list);
        }
    }

    [Fact]
    public void Stack_buffers_can_be_written_by_a_writer_over_a_heap_buffer()
    {
        var writer = new XdrWriter(new byte[64]);
        Span<byte> local = stackalloc byte[3];
        local.Fill(7);
        writer.WriteOpaque(local);
        writer.WriteFixedOpaque(local);
        writer.WriteStringBytes(local);
        Span<uint> values = stackalloc uint[] { 1, 2 };
        writer.WriteArray(XdrCodec.UInt32, values);
        writer.WriteFixedArray(XdrCodec.UInt32, values);
        Assert.Equal(8 + 4 + 8 + 12 + 8, writer.BytesWritten);
    }
}
