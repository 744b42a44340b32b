using System.Net;
using System.Net.Sockets;
using Xunit;

namespace OncRpc.Portmapper.Tests.Addressing;

public sealed class NetIdTests
{
    [Theory]
    [InlineData(NetId.Tcp, AddressFamily.InterNetwork, ProtocolType.Tcp, SocketType.Stream, TransportSemantics.ConnectionOrientedOrderly, "inet", "tcp", 6u)]
    [InlineData(NetId.Udp, AddressFamily.InterNetwork, ProtocolType.Udp, SocketType.Dgram, TransportSemantics.Connectionless, "inet", "udp", 17u)]
    [InlineData(NetId.Tcp6, AddressFamily.InterNetworkV6, ProtocolType.Tcp, SocketType.Stream, TransportSemantics.ConnectionOrientedOrderly, "inet6", "tcp", 6u)]
    [InlineData(NetId.Udp6, AddressFamily.InterNetworkV6, ProtocolType.Udp, SocketType.Dgram, TransportSemantics.Connectionless, "inet6", "udp", 17u)]
    [InlineData(NetId.Local, AddressFamily.Unix, ProtocolType.Unspecified, SocketType.Stream, TransportSemantics.ConnectionOrientedOrderly, "loopback", "-", 0u)]
    [InlineData(NetId.Unix, AddressFamily.Unix, ProtocolType.Unspecified, SocketType.Stream, TransportSemantics.ConnectionOrientedOrderly, "loopback", "-", 0u)]
    public void Describes_each_netid_as_netconfig_does(string netId, AddressFamily family, ProtocolType protocol, SocketType socketType, TransportSemantics semantics, string protofmly, string proto, uint pmapProtocol)
    {
        NetIdInfo info = NetId.GetInfo(netId);
        Assert.Equal(netId, info.NetId);
        Assert.Equal(family, info.AddressFamily);
        Assert.Equal(protocol, info.ProtocolType);
        Assert.Equal(socketType, info.SocketType);
        Assert.Equal(semantics, info.Semantics);
        Assert.Equal(protofmly, info.ProtocolFamily);
        Assert.Equal(proto, info.ProtocolName);
        Assert.Equal(pmapProtocol, info.PortmapperProtocol);
    }

    [Theory]
    [InlineData("TCP")]
    [InlineData("rdma")]
    [InlineData("")]
    public void Unknown_netids_are_reported(string netId)
    {
        Assert.False(NetId.TryGetInfo(netId, out _));
        ArgumentException ex = Assert.Throws<ArgumentException>(() => NetId.GetInfo(netId));
        Assert.Contains("netid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finds_the_netid_of_an_endpoint()
    {
        Assert.Equal(NetId.Tcp, NetId.For(new IPEndPoint(IPAddress.Loopback, 1), ProtocolType.Tcp));
        Assert.Equal(NetId.Udp6, NetId.For(new IPEndPoint(IPAddress.IPv6Loopback, 1), ProtocolType.Udp));
        Assert.Equal(NetId.Local, NetId.For(new UnixDomainSocketEndPoint("/run/rpcbind.sock"), ProtocolType.Unspecified));
        Assert.Throws<ArgumentException>(() => NetId.For(AddressFamily.InterNetwork, ProtocolType.Icmp));
    }
}
