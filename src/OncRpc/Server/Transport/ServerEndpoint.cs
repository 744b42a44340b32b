using System.Net;

namespace OncRpc.Server.Transport;

/// <summary>What a call context needs to know about the socket a call arrived on.</summary>
internal sealed class ServerEndpoint(RpcTransportKind transport, EndPoint? localEndPoint, uint? peerUserId = null)
{
    public RpcTransportKind Transport { get; } = transport;

    public EndPoint? LocalEndPoint { get; } = localEndPoint;

    public uint? PeerUserId { get; } = peerUserId;
}
