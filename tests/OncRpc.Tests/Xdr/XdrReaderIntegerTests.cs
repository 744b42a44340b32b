using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Xdr.XdrBytes;

namespace OncRpc.Tests.Xdr;

public sealed class XdrReaderIntegerTests
{
    private enum Color
    {
        Red = 0,
        Green = 1,
        Blue = -2,
    }

    [Fact]
    public void Reads_big_endian_integers_of_every_width()
    {
        var reader = new XdrReader(Hex("FFFFFFFE 80000000 FFFFFFFFFFFFFFFF 0000000100000002"));
        Assert.Equal(-2, reader.ReadInt32());
        Assert.Equal(0x8000_0000u, reader.ReadUInt32());
        Assert.Equal(-1L, reader.ReadInt64());
        Assert.Equal(0x1_0000_0002UL, reader.ReadUInt64());
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Reads_ieee_floats_in_network_order()
    {
        var reader = new XdrReader(Hex("3FC00000 C00921FB54442D18"));
        Assert.Equal(1.5f, reader.ReadSingle());
        Assert.Equal(-Math.PI, reader.ReadDouble());
    }

    [Fact]
    public void Reads_enums_including_negative_values()
    {
        var reader = new XdrReader(Hex("00000001 FFFFFFFE"));
        Assert.Equal(Color.Green, reader.ReadEnum<Color>());
        Assert.Equal(Color.Blue, reader.ReadEnum<Color>());
    }

    [Fact]
    public void Read_boolean_other_than_zero_or_one_throws_and_stays_in_place()
    {
        var reader = new XdrReader(Hex("00000001 00000002"));
        Assert.True(reader.ReadBoolean());
        XdrException ex = Assert.Throws<XdrException>(() => Throw(Hex("00000001 00000002"), (ref XdrReader r) => { r.ReadBoolean(); r.ReadBoolean(); }));
        Assert.Equal(XdrError.InvalidBoolean, ex.Error);
        Assert.Equal(4, ex.Offset);
        try
        {
            reader.ReadBoolean();
        }
        catch (XdrException)
        {
        }

        Assert.Equal(4, reader.Position);
    }

    [Fact]
    public void Read_boolean_with_lenient_options_treats_non_zero_as_true()
    {
        var reader = new XdrReader(Hex("00000002"), new XdrReaderOptions { StrictBooleans = false });
        Assert.True(reader.ReadBoolean());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Read_int_from_fewer_than_four_bytes_throws_truncated_at_the_start(int length)
    {
        var reader = new XdrReader(new byte[length]);
        try
        {
            reader.ReadInt32();
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.Truncated, ex.Error);
            Assert.Equal(0, ex.Offset);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Read_hyper_from_seven_bytes_throws_and_stays_in_place()
    {
        var reader = new XdrReader(new byte[11]);
        reader.ReadInt32();
        try
        {
            reader.ReadUInt64();
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.Truncated, ex.Error);
            Assert.Equal(4, ex.Offset);
        }

        Assert.Equal(4, reader.Position);
    }

    [Fact]
    public void Read_end_with_bytes_left_reports_trailing_data()
    {
        var reader = new XdrReader(new byte[8]);
        reader.ReadInt32();
        XdrException ex = Assert.Throws<XdrException>(() => Throw(new byte[8], (ref XdrReader r) => { r.ReadInt32(); r.ReadEnd(); }));
        Assert.Equal(XdrError.TrailingData, ex.Error);
        Assert.Equal(4, ex.Offset);
    }

    [Fact]
    public void Void_reads_and_writes_nothing()
    {
        var reader = new XdrReader(new byte[4]);
        reader.ReadVoid();
        Assert.Equal(XdrVoid.Value, reader.Read(XdrCodec.Void));
        Assert.Equal(0, reader.Position);
        Assert.Empty(Encode(XdrCodec.Void, XdrVoid.Value));
    }

    internal delegate void ReaderAction(ref XdrReader reader);

    internal static void Throw(byte[] data, ReaderAction action)
    {
        var reader = new XdrReader(data);
        action(ref reader);
    }
}
