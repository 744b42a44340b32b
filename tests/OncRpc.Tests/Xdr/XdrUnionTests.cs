using OncRpc.Xdr;
using Xunit;
using static OncRpc.Tests.Xdr.XdrBytes;

namespace OncRpc.Tests.Xdr;

/// <summary>
/// A discriminated union written as a codec, the pattern the RPC reply body and rpcbind types follow:
/// <code>
/// union reply_body switch (accept_stat stat) {
///   case SUCCESS:       unsigned int result;
///   case PROG_MISMATCH: struct { unsigned int low; unsigned int high; } mismatch;
///   case PROG_UNAVAIL: case PROC_UNAVAIL: case GARBAGE_ARGS: case SYSTEM_ERR: void;
/// };
/// </code>
/// The union is a readonly struct (no allocation per value) and an unknown discriminant has no arm.
/// </summary>
public sealed class XdrUnionTests
{
    [Fact]
    public void Union_arms_round_trip()
    {
        Assert.Equal(Hex("00000000 0000006F"), Encode(ReplyBody.Codec, ReplyBody.Success(111)));
        Assert.Equal(Hex("00000002 00000002 00000004"), Encode(ReplyBody.Codec, ReplyBody.Mismatch(2, 4)));
        Assert.Equal(Hex("00000003"), Encode(ReplyBody.Codec, new ReplyBody(3, 0, 0)));

        var reader = new XdrReader(Hex("00000000 0000006F 00000002 00000002 00000004 00000005"));
        Assert.Equal(ReplyBody.Success(111), reader.Read(ReplyBody.Codec));
        Assert.Equal(ReplyBody.Mismatch(2, 4), reader.Read(ReplyBody.Codec));
        Assert.Equal(new ReplyBody(5, 0, 0), reader.Read(ReplyBody.Codec));
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Union_sizes_match_their_encoding()
    {
        foreach (ReplyBody value in new[] { ReplyBody.Success(1), ReplyBody.Mismatch(1, 2), new ReplyBody(4, 0, 0) })
        {
            Assert.Equal(Encode(ReplyBody.Codec, value).Length, ReplyBody.Codec.GetEncodedSize(value));
        }
    }

    [Fact]
    public void Union_with_an_unknown_discriminant_throws_invalid_discriminant_and_stays_in_place()
    {
        var reader = new XdrReader(Hex("00000000 00000009 00000001"));
        reader.ReadInt32();
        try
        {
            reader.Read(ReplyBody.Codec);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.InvalidDiscriminant, ex.Error);
            Assert.Equal(4, ex.Offset);
        }

        Assert.Equal(4, reader.Position);
        reader.Position = 8;
        Assert.Equal(new ReplyBody(1, 0, 0), reader.Read(ReplyBody.Codec));
        XdrException second = Assert.Throws<XdrException>(() => XdrReaderIntegerTests.Throw(Hex("00000009"), (ref XdrReader r) => r.Read(ReplyBody.Codec)));
        Assert.Equal(0, second.Offset);
    }

    [Fact]
    public void Union_arm_cut_short_throws_truncated()
    {
        var reader = new XdrReader(Hex("00000002 00000002"));
        try
        {
            reader.Read(ReplyBody.Codec);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.Truncated, ex.Error);
        }

        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void Writing_an_undefined_discriminant_is_misuse()
    {
        var writer = new XdrWriter(new byte[16]);
        try
        {
            ReplyBody.Codec.Write(ref writer, new ReplyBody(42, 0, 0));
            Assert.Fail("no exception");
        }
        catch (ArgumentException)
        {
        }
    }

    private readonly record struct ReplyBody(int Status, uint Low, uint High)
    {
        public static readonly IXdrCodec<ReplyBody> Codec = new BodyCodec();

        public static ReplyBody Success(uint result) => new(0, result, 0);

        public static ReplyBody Mismatch(uint low, uint high) => new(2, low, high);

        private sealed class BodyCodec : IXdrCodec<ReplyBody>
        {
            public ReplyBody Read(ref XdrReader reader)
            {
                int status = reader.ReadInt32();
                switch (status)
                {
                    case 0:
                        return new ReplyBody(status, reader.ReadUInt32(), 0);
                    case 2:
                        uint low = reader.ReadUInt32();
                        return new ReplyBody(status, low, reader.ReadUInt32());
                    case 1 or 3 or 4 or 5:
                        return new ReplyBody(status, 0, 0);
                    default:
                        // The caller's Read(codec) moves the reader back to the discriminant.
                        throw reader.InvalidDiscriminant(status, "reply_body");
                }
            }

            public void Write(ref XdrWriter writer, ReplyBody value)
            {
                if (value.Status is < 0 or > 5)
                {
                    throw new ArgumentException($"{value.Status} is not a discriminant of reply_body.", nameof(value));
                }

                writer.WriteInt32(value.Status);
                if (value.Status == 0)
                {
                    writer.WriteUInt32(value.Low);
                }
                else if (value.Status == 2)
                {
                    writer.WriteUInt32(value.Low);
                    writer.WriteUInt32(value.High);
                }
            }

            public int GetEncodedSize(ReplyBody value) => value.Status switch
            {
                0 => 8,
                2 => 12,
                _ => 4,
            };
        }
    }
}
