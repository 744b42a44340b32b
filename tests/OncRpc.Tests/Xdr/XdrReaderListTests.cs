using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Xdr.XdrBytes;

namespace OncRpc.Tests.Xdr;

public sealed class XdrReaderListTests
{
    [Fact]
    public void Reads_variable_and_fixed_arrays()
    {
        var reader = new XdrReader(Hex("00000002 00000007 00000008 00000009 0000000A"));
        Assert.Equal(new uint[] { 7, 8 }, reader.ReadArray(XdrCodec.UInt32));
        Assert.Equal(new[] { 9, 10 }, reader.ReadFixedArray(XdrCodec.Int32, 2));
    }

    [Fact]
    public void Read_array_count_over_the_limit_throws_before_allocating()
    {
        var options = new XdrReaderOptions { MaxArrayLength = 2 };
        var reader = new XdrReader(Hex("00000003 00000001 00000002 00000003"), options);
        try
        {
            reader.ReadArray(XdrCodec.UInt32);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.LimitExceeded, ex.Error);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Read_array_count_beyond_what_remains_throws_truncated()
    {
        var reader = new XdrReader(Hex("0000FFFF 00000001"));
        try
        {
            reader.ReadArray(XdrCodec.UInt32);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.Truncated, ex.Error);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Read_array_with_a_bad_element_restores_the_position()
    {
        var reader = new XdrReader(Hex("00000002 00000001 00000005"));
        Assert.Throws<XdrException>(() => XdrReaderIntegerTests.Throw(Hex("00000002 00000001 00000005"), (ref XdrReader r) => r.ReadArray(XdrCodec.Boolean)));
        try
        {
            reader.ReadArray(XdrCodec.Boolean);
        }
        catch (XdrException)
        {
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Reads_optional_data_of_reference_and_value_types()
    {
        var reader = new XdrReader(Hex("00000001 00000001 41000000 00000000 00000001 0000002A 00000000"));
        Assert.Equal("A", reader.ReadOptional(XdrCodec.String));
        Assert.Null(reader.ReadOptional(XdrCodec.String));
        Assert.Equal(42u, reader.ReadOptionalValue(XdrCodec.UInt32));
        Assert.Null(reader.ReadOptionalValue(XdrCodec.UInt32));
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Read_optional_with_a_truncated_value_restores_the_position()
    {
        var reader = new XdrReader(Hex("00000001 0000"));
        try
        {
            reader.ReadOptionalValue(XdrCodec.UInt32);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.Truncated, ex.Error);
            Assert.Equal(4, ex.Offset);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Reads_a_linked_list_in_order()
    {
        var reader = new XdrReader(Hex("00000001 00000003 00000001 00000004 00000000"));
        Assert.Equal(new uint[] { 3, 4 }, reader.ReadLinkedList(XdrCodec.UInt32));
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Read_linked_list_longer_than_the_cap_throws_limit_exceeded_without_recursing()
    {
        // 200,000 elements is far deeper than any recursive reader's stack would allow.
        const int count = 200_000;
        byte[] data = new byte[(count * 8) + 4];
        for (int i = 0; i < count; i++)
        {
            data[(i * 8) + 3] = 1;
        }

        var reader = new XdrReader(data, new XdrReaderOptions { MaxListLength = int.MaxValue });
        Assert.Equal(count, reader.ReadLinkedList(XdrCodec.UInt32).Count);

        var capped = new XdrReader(data);
        try
        {
            capped.ReadLinkedList(XdrCodec.UInt32);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.LimitExceeded, ex.Error);
            Assert.Equal(XdrReaderOptions.Default.MaxListLength * 8, ex.Offset);
        }

        Assert.Equal(0, capped.Position);
    }

    [Fact]
    public void Read_linked_list_respects_the_declared_maximum()
    {
        var reader = new XdrReader(Hex("00000001 00000003 00000001 00000004 00000000"));
        try
        {
            reader.ReadLinkedList(XdrCodec.UInt32, maxCount: 1);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.LimitExceeded, ex.Error);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Read_linked_list_without_its_final_false_throws_truncated()
    {
        var reader = new XdrReader(Hex("00000001 00000003"));
        try
        {
            reader.ReadLinkedList(XdrCodec.UInt32);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.Truncated, ex.Error);
            Assert.Equal(8, ex.Offset);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Read_with_a_codec_restores_the_position_when_the_codec_fails()
    {
        var reader = new XdrReader(Hex("00000001 00000002"));
        try
        {
            reader.Read(TwoBooleans.Codec);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.InvalidBoolean, ex.Error);
            Assert.Equal(4, ex.Offset);
        }

        Assert.Equal(0, reader.Position);
    }

    private sealed class TwoBooleans : IXdrCodec<(bool, bool)>
    {
        public static readonly TwoBooleans Codec = new();

        public (bool, bool) Read(ref XdrReader reader) => (reader.ReadBoolean(), reader.ReadBoolean());

        public void Write(ref XdrWriter writer, (bool, bool) value)
        {
            writer.WriteBoolean(value.Item1);
            writer.WriteBoolean(value.Item2);
        }

        public int GetEncodedSize((bool, bool) value) => 8;
    }
}
