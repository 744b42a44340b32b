namespace OncRpc;

/// <summary>The transport an <see cref="Client.RpcClient"/> carries its calls over, or an <see cref="Server.RpcServer"/> endpoint listens on.</summary>
public enum RpcTransportKind
{
    /// <summary>TCP (netid <c>tcp</c> or <c>tcp6</c>): record marking over one connection that carries many outstanding calls.</summary>
    Tcp = 0,

    /// <summary>UDP (netid <c>udp</c> or <c>udp6</c>): one datagram per message, retransmitted until a reply arrives or the call times out.</summary>
    Udp = 1,

    /// <summary>A Unix domain stream socket (netid <c>local</c>), such as rpcbind's <c>/run/rpcbind.sock</c>; record marking as over TCP.</summary>
    Local = 2,
}
