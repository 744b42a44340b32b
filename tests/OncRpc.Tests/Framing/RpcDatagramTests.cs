using OncRpc.Framing;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Framing;

public sealed class RpcDatagramTests
{
    [Fact]
    public void Write_encodes_the_message_without_a_record_mark()
    {
        byte[] buffer = new byte[RpcDatagram.MaxMessageSize];

        int written = RpcDatagram.Write(buffer, XdrCodec.UInt32, 7u);

        Assert.Equal(4, written);
        Assert.Equal(new byte[] { 0, 0, 0, 7 }, buffer[..4]);
    }

    [Fact]
    public void Write_rejects_a_message_larger_than_a_datagram()
    {
        byte[] buffer = new byte[100_000];
        Assert.Throws<ArgumentException>(() => RpcDatagram.Write(buffer, XdrCodec.Opaque, new byte[RpcDatagram.MaxMessageSize]));
    }

    [Fact]
    public void Write_rejects_a_destination_too_small()
    {
        byte[] buffer = new byte[8];
        Assert.Throws<ArgumentException>(() => RpcDatagram.Write(buffer, XdrCodec.Opaque, new byte[8]));
    }
}
