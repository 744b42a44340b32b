using System.Net;
using System.Net.Sockets;
using OncRpc.Client;

namespace OncRpc.Portmapper.Tests.Interop;

/// <summary>The transports on which this machine's rpcbind answers, by netid.</summary>
internal static class RpcbindTransports
{
    public static readonly string[] All = [NetId.Tcp, NetId.Udp, NetId.Tcp6, NetId.Udp6, NetId.Local];

    public static (EndPoint EndPoint, RpcTransportKind Kind) For(string netId) => netId switch
    {
        NetId.Tcp => (new IPEndPoint(IPAddress.Loopback, 111), RpcTransportKind.Tcp),
        NetId.Udp => (new IPEndPoint(IPAddress.Loopback, 111), RpcTransportKind.Udp),
        NetId.Tcp6 => (new IPEndPoint(IPAddress.IPv6Loopback, 111), RpcTransportKind.Tcp),
        NetId.Udp6 => (new IPEndPoint(IPAddress.IPv6Loopback, 111), RpcTransportKind.Udp),
        NetId.Local => (new UnixDomainSocketEndPoint(PortmapperProgram.LocalSocketPath), RpcTransportKind.Local),
        _ => throw new ArgumentOutOfRangeException(nameof(netId)),
    };

    public static RpcClientOptions Options { get; } = new() { Timeout = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(5) };

    public static async Task<PortmapperClient> PortmapperAsync(string netId)
    {
        (EndPoint endPoint, RpcTransportKind kind) = For(netId);
        return await PortmapperClient.ConnectAsync(endPoint, kind, Options);
    }

    public static async Task<RpcbindClient> RpcbindAsync(string netId, uint version = 4)
    {
        (EndPoint endPoint, RpcTransportKind kind) = For(netId);
        return await RpcbindClient.ConnectAsync(endPoint, kind, version, Options);
    }
}
