using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Xdr;

/// <summary>Generators for the XDR properties; FsCheck prints the replay seed of any failure.</summary>
public static class XdrArbitraries
{
    public static Arbitrary<XdrSampleBox> Sample() => Arb.From(XdrSample.Generator(2).Select(s => new XdrSampleBox(s)));

    public static Arbitrary<XdrText> Text() => Arb.From(XdrSample.TextGen(200).Select(s => new XdrText(s)));
}

/// <summary>Wraps the internal sample so FsCheck can pass it to public test methods.</summary>
public sealed class XdrSampleBox
{
    internal XdrSampleBox(XdrSample value) => Value = value;

    internal XdrSample Value { get; }

    public override string ToString() => Convert.ToHexString(XdrBytes.Encode(XdrSample.Codec, Value));
}

/// <summary>A valid Unicode string (no unpaired surrogates), ASCII-heavy like RPC strings.</summary>
public sealed record XdrText(string Value);

[Properties(Arbitrary = [typeof(XdrArbitraries)], MaxTest = 200)]
public sealed class XdrPropertyTests
{
    private static readonly XdrReaderOptions Lenient = new()
    {
        RequireZeroPadding = false,
        StrictBooleans = false,
        RequireValidUtf8 = false,
    };

    [Property]
    public void Integers_round_trip(int i, uint u, long h, ulong uh, bool b)
    {
        byte[] bytes = XdrBytes.Encode((ref XdrWriter w) =>
        {
            w.WriteInt32(i);
            w.WriteUInt32(u);
            w.WriteInt64(h);
            w.WriteUInt64(uh);
            w.WriteBoolean(b);
        });
        Assert.Equal(4 + 4 + 8 + 8 + 4, bytes.Length);
        var reader = new XdrReader(bytes);
        Assert.Equal(i, reader.ReadInt32());
        Assert.Equal(u, reader.ReadUInt32());
        Assert.Equal(h, reader.ReadInt64());
        Assert.Equal(uh, reader.ReadUInt64());
        Assert.Equal(b, reader.ReadBoolean());
        Assert.True(reader.IsAtEnd);
    }

    [Property]
    public void Floating_point_round_trips_bit_for_bit(float f, double d)
    {
        byte[] bytes = XdrBytes.Encode((ref XdrWriter w) =>
        {
            w.WriteSingle(f);
            w.WriteDouble(d);
        });
        var reader = new XdrReader(bytes);
        Assert.Equal(BitConverter.SingleToInt32Bits(f), BitConverter.SingleToInt32Bits(reader.ReadSingle()));
        Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
    }

    [Property]
    public void Enums_round_trip(int raw)
    {
        var value = (DayOfWeek)raw;
        var reader = new XdrReader(XdrBytes.Encode((ref XdrWriter w) => w.WriteEnum(value)));
        Assert.Equal(value, reader.ReadEnum<DayOfWeek>());
    }

    [Property]
    public void Opaque_round_trips_in_every_form(byte[] data)
    {
        byte[] bytes = XdrBytes.Encode((ref XdrWriter w) =>
        {
            w.WriteOpaque(data);
            w.WriteFixedOpaque(data);
        });
        Assert.Equal(XdrSize.Opaque(data.Length) + XdrSize.FixedOpaque(data.Length), bytes.Length);
        var reader = new XdrReader(bytes);
        Assert.Equal(data, reader.ReadOpaque().ToArray());
        Assert.Equal(data, reader.ReadFixedOpaque(data.Length).ToArray());
        reader.Position = 0;
        Assert.Equal(data, reader.ReadOpaqueArray());
        byte[] copy = new byte[data.Length];
        reader.ReadFixedOpaque(copy);
        Assert.Equal(data, copy);
    }

    [Property]
    public void Strings_round_trip_and_size_matches(XdrText text)
    {
        byte[] bytes = XdrBytes.Encode((ref XdrWriter w) => w.WriteString(text.Value));
        Assert.Equal(XdrSize.String(text.Value), bytes.Length);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text.Value), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes));
        var reader = new XdrReader(bytes);
        Assert.Equal(text.Value, reader.ReadString());
        Assert.True(reader.IsAtEnd);
    }

    [Property]
    public void Arrays_optional_data_and_lists_round_trip(uint[] values, string? maybe, int? maybeValue)
    {
        var list = values.ToList();
        string? optional = maybe is null ? null : new string(maybe.Where(c => !char.IsSurrogate(c)).ToArray());
        byte[] bytes = XdrBytes.Encode((ref XdrWriter w) =>
        {
            w.WriteArray(XdrCodec.UInt32, values);
            w.WriteFixedArray(XdrCodec.UInt32, values);
            w.WriteOptional(XdrCodec.String, optional);
            w.WriteOptionalValue(XdrCodec.Int32, maybeValue);
            w.WriteLinkedList(XdrCodec.UInt32, list);
        });
        var reader = new XdrReader(bytes);
        Assert.Equal(values, reader.ReadArray(XdrCodec.UInt32));
        Assert.Equal(values, reader.ReadFixedArray(XdrCodec.UInt32, values.Length));
        Assert.Equal(optional, reader.ReadOptional(XdrCodec.String));
        Assert.Equal(maybeValue, reader.ReadOptionalValue(XdrCodec.Int32));
        Assert.Equal(list, reader.ReadLinkedList(XdrCodec.UInt32));
        Assert.True(reader.IsAtEnd);
    }

    [Property]
    public void Nested_composites_round_trip_byte_for_byte(XdrSampleBox sample)
    {
        byte[] bytes = XdrBytes.Encode(XdrSample.Codec, sample.Value);
        var reader = new XdrReader(bytes);
        XdrSample decoded = reader.Read(XdrSample.Codec);
        Assert.True(reader.IsAtEnd);
        Assert.Equal(sample.Value.Text, decoded.Text);
        Assert.Equal(sample.Value.Nodes, decoded.Nodes);
        Assert.Equal(sample.Value.Nested is null, decoded.Nested is null);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(XdrBytes.Encode(XdrSample.Codec, decoded)));
    }

    [Property]
    public void Encoded_size_equals_computed_size(XdrSampleBox sample)
    {
        byte[] bytes = XdrBytes.Encode(XdrSample.Codec, sample.Value);
        Assert.Equal(bytes.Length, XdrSample.Codec.GetEncodedSize(sample.Value));
        Assert.Equal(0, bytes.Length % 4);
    }

    [Property(MaxTest = 500)]
    public void Decoding_arbitrary_bytes_throws_only_xdr_exception_and_stays_in_place(byte[] data, bool lenient)
    {
        foreach (byte[] input in new[] { data, Words(data) })
        {
            var reader = new XdrReader(input, lenient ? Lenient : null);
            try
            {
                reader.Read(XdrSample.Codec);
            }
            catch (XdrException ex)
            {
                Assert.Equal(0, reader.Position);
                Assert.InRange(ex.Offset, 0, input.Length);
            }
        }
    }

    [Property(MaxTest = 100)]
    public void Truncating_a_valid_encoding_at_any_offset_fails_cleanly(XdrSampleBox sample)
    {
        byte[] bytes = XdrBytes.Encode(XdrSample.Codec, sample.Value);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            var reader = new XdrReader(bytes.AsSpan(0, cut));
            try
            {
                reader.Read(XdrSample.Codec);
                Assert.Fail($"decoding {cut} of {bytes.Length} bytes succeeded");
            }
            catch (XdrException ex)
            {
                Assert.Equal(XdrError.Truncated, ex.Error);
                Assert.Equal(0, reader.Position);
                Assert.InRange(ex.Offset, 0, cut);
            }
        }
    }

    [Property]
    public void Oversize_lengths_never_allocate(uint announced, byte[] tail, int kind)
    {
        // A length of at least 64 KiB that is beyond what remains, or beyond the limits.
        uint length = Math.Max(announced, 0x1_0000u);
        byte[] data = new byte[4 + Math.Min(tail.Length, 256)];
        BinaryPrimitives.WriteUInt32BigEndian(data, length);
        tail.AsSpan(0, data.Length - 4).CopyTo(data.AsSpan(4));
        var options = (kind & 1) == 0 ? XdrReaderOptions.Default : new XdrReaderOptions
        {
            MaxOpaqueLength = int.MaxValue,
            MaxStringLength = int.MaxValue,
            MaxArrayLength = int.MaxValue,
        };

        Attempt(data, options, kind);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Attempt(data, options, kind);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Only the exception, its message and stack trace: far below the announced length.
        Assert.InRange(allocated, 0, 8 * 1024);
    }

    private static void Attempt(byte[] data, XdrReaderOptions options, int kind)
    {
        var reader = new XdrReader(data, options);
        try
        {
            switch ((kind >> 1) & 3)
            {
                case 0:
                    reader.ReadOpaqueArray();
                    break;
                case 1:
                    reader.ReadString();
                    break;
                case 2:
                    reader.ReadArray(XdrCodec.UInt64);
                    break;
                default:
                    reader.ReadArray(XdrCodec.Opaque);
                    break;
            }

            Assert.Fail("an oversize length was accepted");
        }
        catch (XdrException ex)
        {
            Assert.True(ex.Error is XdrError.Truncated or XdrError.LimitExceeded, ex.Error.ToString());
            Assert.Equal(0, reader.Position);
        }
    }

    // Arbitrary bytes rarely look like small lengths; spreading them over the low byte of each word makes the
    // decoder go deeper into the structure.
    private static byte[] Words(byte[] data)
    {
        byte[] words = new byte[data.Length * 4];
        for (int i = 0; i < data.Length; i++)
        {
            words[(i * 4) + 3] = (byte)(data[i] % 8);
        }

        return words;
    }
}
