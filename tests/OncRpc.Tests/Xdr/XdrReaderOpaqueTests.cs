using System.Text;
using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Xdr.XdrBytes;

namespace OncRpc.Tests.Xdr;

public sealed class XdrReaderOpaqueTests
{
    [Fact]
    public void Reads_variable_opaque_as_a_slice_and_as_a_copy()
    {
        byte[] data = Hex("00000005 0102030405 000000 00000000");
        var reader = new XdrReader(data);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, reader.ReadOpaque().ToArray());
        Assert.Empty(reader.ReadOpaqueArray());
        Assert.True(reader.IsAtEnd);

        reader.Position = 0;
        byte[] copy = reader.ReadOpaqueArray();
        data[4] = 9;
        Assert.Equal(1, copy[0]);
    }

    [Fact]
    public void Reads_fixed_opaque_as_a_slice_and_into_a_buffer()
    {
        var reader = new XdrReader(Hex("AABBCC00 11223344"));
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, reader.ReadFixedOpaque(3).ToArray());
        Span<byte> four = stackalloc byte[4];
        reader.ReadFixedOpaque(four);
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44 }, four.ToArray());
    }

    [Fact]
    public void Read_fixed_opaque_with_non_zero_padding_throws_at_the_padding_byte_and_stays_in_place()
    {
        var reader = new XdrReader(Hex("AABBCC01"));
        try
        {
            reader.ReadFixedOpaque(3);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.NonZeroPadding, ex.Error);
            Assert.Equal(3, ex.Offset);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Read_opaque_with_non_zero_padding_is_accepted_when_padding_is_lenient()
    {
        var reader = new XdrReader(Hex("00000001 AAFFFFFF"), new XdrReaderOptions { RequireZeroPadding = false });
        Assert.Equal(new byte[] { 0xAA }, reader.ReadOpaque().ToArray());
    }

    [Fact]
    public void Read_fixed_opaque_longer_than_what_remains_throws_truncated()
    {
        var reader = new XdrReader(new byte[8]);
        XdrException ex = Assert.Throws<XdrException>(() => XdrReaderIntegerTests.Throw(new byte[8], (ref XdrReader r) => r.ReadFixedOpaque(int.MaxValue)));
        Assert.Equal(XdrError.Truncated, ex.Error);
        Assert.Equal(0, reader.Position);
    }

    [Theory]
    [InlineData("7FFFFFFF")]
    [InlineData("7FFFFFFE")]
    [InlineData("7FFFFFFD")]
    [InlineData("00000009")]
    public void Read_opaque_announcing_more_than_remains_throws_truncated_without_overflow(string length)
    {
        var options = new XdrReaderOptions { MaxOpaqueLength = int.MaxValue };
        var reader = new XdrReader(Hex(length + "0102030405060708"), options);
        try
        {
            reader.ReadOpaque();
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
    public void Read_opaque_longer_than_the_declared_maximum_throws_limit_exceeded()
    {
        var reader = new XdrReader(Hex("00000005 0102030405000000"));
        try
        {
            reader.ReadOpaque(4);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.LimitExceeded, ex.Error);
        }

        Assert.Equal(0, reader.Position);
        Assert.Equal(5, reader.ReadOpaque(5).Length);
    }

    [Fact]
    public void Read_string_longer_than_limit_throws_before_allocating()
    {
        var options = new XdrReaderOptions { MaxStringLength = 8 };
        byte[] data = Hex("00000009 414243444546474849000000");
        var reader = new XdrReader(data, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        XdrError error = 0;
        try
        {
            reader.ReadString();
        }
        catch (XdrException ex)
        {
            error = ex.Error;
        }

        Assert.Equal(XdrError.LimitExceeded, error);
        Assert.Equal(0, reader.Position);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4096);
    }

    [Fact]
    public void Reads_ascii_and_utf8_strings()
    {
        byte[] utf8 = Encoding.UTF8.GetBytes("grüße 𝄞");
        var w = new byte[4 + 24 + 4 + XdrSize.Align(utf8.Length)];
        var writer = new XdrWriter(w);
        writer.WriteString("0.0.0.0.0.111-and-more");
        writer.WriteStringBytes(utf8);
        var reader = new XdrReader(writer.WrittenSpan);
        Assert.Equal("0.0.0.0.0.111-and-more", reader.ReadString());
        Assert.Equal("grüße 𝄞", reader.ReadString());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("00000002 C328 0000")]
    [InlineData("00000001 FF000000")]
    [InlineData("00000003 EDA080 00")]
    [InlineData("00000014 4142434445464748494A4B4C4D4E4F5051 80 4142")]
    public void Read_string_with_invalid_utf8_throws_invalid_string_and_stays_in_place(string hex)
    {
        var reader = new XdrReader(Hex("00000000" + hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        reader.ReadInt32();
        try
        {
            reader.ReadString();
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.InvalidString, ex.Error);
            Assert.Equal(4, ex.Offset);
        }

        Assert.Equal(4, reader.Position);
    }

    [Fact]
    public void Read_string_with_invalid_utf8_decodes_replacement_characters_when_lenient()
    {
        var reader = new XdrReader(Hex("00000002 41FF0000"), new XdrReaderOptions { RequireValidUtf8 = false });
        Assert.Equal("A\uFFFD", reader.ReadString());
    }

    [Fact]
    public void Read_string_bytes_returns_the_raw_bytes()
    {
        var reader = new XdrReader(Hex("00000003 FF4142 00"));
        Assert.Equal(new byte[] { 0xFF, 0x41, 0x42 }, reader.ReadStringBytes().ToArray());
    }

    [Fact]
    public void Read_length_prefix_cut_short_throws_truncated()
    {
        var reader = new XdrReader(Hex("000000"));
        XdrException ex = Assert.Throws<XdrException>(() => XdrReaderIntegerTests.Throw(Hex("000000"), (ref XdrReader r) => r.ReadString()));
        Assert.Equal(XdrError.Truncated, ex.Error);
        Assert.Equal(0, reader.Position);
    }
}
