using System.Net;
using System.Net.Sockets;
using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>How a broadcast answer is read: libtirpc's address handling, and malformed or hostile answers ignored.</summary>
public sealed class BroadcastReplyTests
{
    private static readonly NetconfigEntry Udp = new("udp", NetconfigSemantics.Clts, true, "inet", "udp");
    private static readonly NetconfigEntry Udp6 = new("udp6", NetconfigSemantics.Clts, true, "inet6", "udp");
    private static readonly IPEndPoint Sender = new(IPAddress.Parse("10.1.2.3"), 111);

    private delegate void Writes(ref XdrWriter writer);

    private static byte[] Reply(Writes results, RpcReplyHeader? header = null)
    {
        var buffer = new byte[4096];
        var writer = new XdrWriter(buffer);
        RpcMessage.WriteReply(ref writer, header ?? RpcReplyHeader.Success(7, OpaqueAuth.None));
        results(ref writer);
        return buffer.AsSpan(0, (int)writer.BytesWritten).ToArray();
    }

    [Fact]
    public void Portmapper_answer_is_the_sender_with_the_reported_port()
    {
        byte[] reply = Reply((ref XdrWriter w) => { w.WriteUInt32(0x10000 + 2049); w.WriteUInt32(0); });
        IPEndPoint? who = RpcInfoApp.DecodeBroadcastReply(reply, fromPortmapper: true, Udp, Sender);
        Assert.Equal(new IPEndPoint(Sender.Address, 2049), who);
        Assert.Equal("10.1.2.3.8.1", RpcInfoApp.FormatTransportAddress(who!));
    }

    [Theory]
    [InlineData("10.9.8.7.0.111", "10.9.8.7.0.111")]
    [InlineData("::1.0.111", "10.1.2.3.0.0")]
    [InlineData("10.9.8.7.0.111\0junk.1.2", "10.9.8.7.0.111")]
    [InlineData("10.9.8.7.1.300", "10.9.8.7.1.44")]
    public void Rpcbind_answer_is_its_universal_address_read_for_the_transport(string address, string printed)
    {
        byte[] reply = Reply((ref XdrWriter w) => { w.WriteString(address); w.WriteUInt32(0); });
        IPEndPoint? who = RpcInfoApp.DecodeBroadcastReply(reply, fromPortmapper: false, Udp, Sender);
        Assert.Equal(printed, RpcInfoApp.FormatTransportAddress(who!));
    }

    [Theory]
    [InlineData("010.9.8.7.0.111")]
    [InlineData("10.9.8.0.111")]
    [InlineData("host.example.0.111")]
    [InlineData("")]
    public void Unreadable_rpcbind_addresses_are_ignored(string address)
    {
        byte[] reply = Reply((ref XdrWriter w) => { w.WriteString(address); w.WriteUInt32(0); });
        Assert.Null(RpcInfoApp.DecodeBroadcastReply(reply, fromPortmapper: false, Udp6, new IPEndPoint(IPAddress.IPv6Loopback, 111)));
    }

    [Fact]
    public void Failures_truncations_and_giant_addresses_are_ignored()
    {
        Assert.Null(RpcInfoApp.DecodeBroadcastReply(Reply((ref XdrWriter w) => { }, RpcReplyHeader.ProgramUnavailable(7)), false, Udp, Sender));
        Assert.Null(RpcInfoApp.DecodeBroadcastReply(Reply((ref XdrWriter w) => w.WriteString("10.1.2.3.0.111")), false, Udp, Sender));
        Assert.Null(RpcInfoApp.DecodeBroadcastReply(Reply((ref XdrWriter w) => w.WriteUInt32(111)), true, Udp, Sender));
        Assert.Null(RpcInfoApp.DecodeBroadcastReply(Reply((ref XdrWriter w) => { w.WriteString(new string('1', 2000)); w.WriteUInt32(0); }), false, Udp, Sender));
        Assert.Null(RpcInfoApp.DecodeBroadcastReply([0, 0, 0, 7, 0, 0, 0, 1], false, Udp, Sender));
    }

    [Fact]
    public void IPv6_addresses_print_without_a_zone()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("fe80::1%3"), 0x0203);
        Assert.Equal("fe80::1.2.3", RpcInfoApp.FormatTransportAddress(endPoint));
        Assert.Equal(AddressFamily.InterNetworkV6, RpcInfoApp.ParseTransportAddress("fe80::1.2.3", AddressFamily.InterNetworkV6)!.AddressFamily);
    }
}
