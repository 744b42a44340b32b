using System.Net;

namespace OncRpc.Server.Transport;

/// <summary>What a call context needs to know about the socket a call arrived on.</summary>
internal sealed class ServerEndpoint(RpcTransportKind transport, EndPoint? localEndPoint, uint? peerUserId = null, ServerTlsSettings? tlsSettings = null)
{
    private volatile RpcTlsInfo? _tls;

    public RpcTransportKind Transport { get; } = transport;

    public EndPoint? LocalEndPoint { get; } = localEndPoint;

    public uint? PeerUserId { get; } = peerUserId;

    /// <summary>Gets the RPC-with-TLS settings of the listener the connection came from, or <see langword="null"/> when it offers no TLS.</summary>
    public ServerTlsSettings? TlsSettings { get; } = tlsSettings;

    /// <summary>Gets or sets what the connection's TLS handshake agreed on; <see langword="null"/> while in clear text. Set once, by the connection.</summary>
    public RpcTlsInfo? Tls
    {
        get => _tls;
        set => _tls = value;
    }
}
