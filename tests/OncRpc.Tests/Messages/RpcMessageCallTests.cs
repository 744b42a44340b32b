using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Messages;

/// <summary>Call headers: layout, sizes, arguments left in place, malformed input.</summary>
public sealed class RpcMessageCallTests
{
    private static readonly OpaqueAuth Cred = new((AuthFlavor)0x4242, new byte[] { 1, 2, 3, 4, 5 });

    [Fact]
    public void Call_header_is_written_in_rfc5531_order()
    {
        var header = new RpcCallHeader(0xAABBCCDD, 100000, 2, 3, OpaqueAuth.None, OpaqueAuth.None);
        byte[] bytes = Write(header);
        Assert.Equal(Words(0xAABBCCDD, 0, 2, 100000, 2, 3, 0, 0, 0, 0), bytes);
        Assert.Equal(40, RpcMessage.GetCallHeaderSize(header));
    }

    [Fact]
    public void Call_header_round_trips_with_unknown_flavor_and_padded_body()
    {
        var header = new RpcCallHeader(7, 100003, 3, 1, Cred, new OpaqueAuth(AuthFlavor.Short, new byte[] { 9 }));
        byte[] bytes = Write(header);
        Assert.Equal(RpcMessage.GetCallHeaderSize(header), bytes.Length);
        Assert.Equal(24 + 16 + 12, bytes.Length);

        var reader = new XdrReader(bytes);
        RpcCallHeader read = RpcMessage.ReadCall(ref reader);
        Assert.Equal(header, read);
        Assert.Equal((AuthFlavor)0x4242, read.Credential.Flavor);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Read_call_leaves_the_reader_at_the_arguments_without_copying_them()
    {
        var header = new RpcCallHeader(1, 100000, 2, 3, OpaqueAuth.None, OpaqueAuth.None);
        byte[] message = [.. Write(header), .. Words(100000, 2, 6, 0)];
        var reader = new XdrReader(message);
        RpcMessage.ReadCall(ref reader);

        Assert.Equal(40, reader.Position);
        ReadOnlySpan<byte> args = reader.RemainingSpan;
        Assert.True(Unsafe.AreSame(ref Unsafe.AsRef(in args[0]), ref message[40]));
        Assert.Equal(16, args.Length);
    }

    [Fact]
    public void Rpc_version_other_than_2_is_returned_as_sent()
    {
        var header = new RpcCallHeader(5, 100000, 2, 0, OpaqueAuth.None, OpaqueAuth.None) { RpcVersion = 3 };
        byte[] bytes = Write(header);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        var reader = new XdrReader(bytes);
        Assert.Equal(3u, RpcMessage.ReadCall(ref reader).RpcVersion);
    }

    [Fact]
    public void Read_call_of_a_reply_throws_protocol_exception_and_keeps_position()
    {
        byte[] bytes = Words(1, 1, 0, 0, 0, 0);
        var reader = new XdrReader(bytes);
        try
        {
            RpcMessage.ReadCall(ref reader);
            Assert.Fail("no exception");
        }
        catch (RpcProtocolException)
        {
            Assert.Equal(0, reader.Position);
        }
    }

    [Fact]
    public void Read_call_of_an_unknown_message_type_throws_protocol_exception()
    {
        byte[] bytes = Words(1, 7, 2, 100000, 2, 0, 0, 0, 0, 0);
        Assert.Throws<RpcProtocolException>(() =>
        {
            var reader = new XdrReader(bytes);
            RpcMessage.ReadCall(ref reader);
        });
    }

    [Fact]
    public void Every_truncation_of_a_call_throws_xdr_exception_and_keeps_position()
    {
        byte[] bytes = Write(new RpcCallHeader(9, 100000, 2, 4, Cred, OpaqueAuth.None));
        for (int length = 0; length < bytes.Length; length++)
        {
            var reader = new XdrReader(bytes.AsSpan(0, length));
            try
            {
                RpcMessage.ReadCall(ref reader);
                Assert.Fail($"length {length} decoded");
            }
            catch (XdrException ex)
            {
                Assert.Equal(XdrError.Truncated, ex.Error);
                Assert.Equal(0, reader.Position);
            }
        }
    }

    [Fact]
    public void Credential_body_over_400_bytes_is_rejected_before_allocating()
    {
        byte[] bytes = Words(1, 0, 2, 100000, 2, 0, 1, 401);
        var reader = new XdrReader(bytes);
        try
        {
            RpcMessage.ReadCall(ref reader);
            Assert.Fail("no exception");
        }
        catch (XdrException ex)
        {
            Assert.Equal(XdrError.LimitExceeded, ex.Error);
            Assert.Equal(0, reader.Position);
        }
    }

    [Fact]
    public void Try_peek_reads_xid_and_type()
    {
        Assert.True(RpcMessage.TryPeekHeader(Words(0x01020304, 1), out uint xid, out MessageType type));
        Assert.Equal((0x01020304u, MessageType.Reply), (xid, type));
        Assert.True(RpcMessage.TryPeekHeader(Words(5, 0, 2), out xid, out type));
        Assert.Equal((5u, MessageType.Call), (xid, type));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    public void Try_peek_fails_on_short_messages(int length)
    {
        Assert.False(RpcMessage.TryPeekHeader(new byte[length], out uint xid, out _));
        Assert.Equal(0u, xid);
    }

    [Fact]
    public void Try_peek_fails_on_unknown_message_type()
    {
        Assert.False(RpcMessage.TryPeekHeader(Words(5, 2), out _, out _));
    }

    [Fact]
    public void Call_header_codec_matches_rpc_message()
    {
        var header = new RpcCallHeader(3, 4, 5, 6, Cred, OpaqueAuth.None);
        byte[] buffer = new byte[RpcCallHeader.Codec.GetEncodedSize(header)];
        var writer = new XdrWriter(buffer);
        writer.Write(RpcCallHeader.Codec, header);
        Assert.Equal(Write(header), buffer);
        var reader = new XdrReader(buffer);
        Assert.Equal(header, reader.Read(RpcCallHeader.Codec));
    }

    internal static byte[] Words(params uint[] words)
    {
        byte[] bytes = new byte[words.Length * 4];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), words[i]);
        }

        return bytes;
    }

    private static byte[] Write(in RpcCallHeader header)
    {
        byte[] buffer = new byte[RpcMessage.GetCallHeaderSize(header)];
        var writer = new XdrWriter(buffer);
        RpcMessage.WriteCall(ref writer, header);
        Assert.Equal(buffer.Length, writer.BytesWritten);
        return buffer;
    }
}
