using System.Net.Sockets;

namespace OncRpc.Portmapper;

/// <summary>
/// What a network identifier stands for: its socket address family and protocol, and the fields rpcbind reports
/// for it in <c>rpcb_entry</c> (as in <c>/etc/netconfig</c>).
/// </summary>
public readonly struct NetIdInfo : IEquatable<NetIdInfo>
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="netId">The network identifier.</param>
    /// <param name="addressFamily">The socket address family.</param>
    /// <param name="socketType">The socket type.</param>
    /// <param name="protocolType">The socket protocol.</param>
    /// <param name="semantics">The transport semantics.</param>
    /// <param name="protocolFamily">The netconfig protocol family (<c>inet</c>, <c>inet6</c>, <c>loopback</c>).</param>
    /// <param name="protocolName">The netconfig protocol name (<c>tcp</c>, <c>udp</c>, <c>-</c>).</param>
    public NetIdInfo(string netId, AddressFamily addressFamily, SocketType socketType, ProtocolType protocolType, TransportSemantics semantics, string protocolFamily, string protocolName)
    {
        NetId = netId ?? throw new ArgumentNullException(nameof(netId));
        AddressFamily = addressFamily;
        SocketType = socketType;
        ProtocolType = protocolType;
        Semantics = semantics;
        ProtocolFamily = protocolFamily ?? throw new ArgumentNullException(nameof(protocolFamily));
        ProtocolName = protocolName ?? throw new ArgumentNullException(nameof(protocolName));
    }

    /// <summary>Gets the network identifier, for example <c>tcp6</c>.</summary>
    public string NetId { get; }

    /// <summary>Gets the socket address family: <see cref="AddressFamily.InterNetwork"/>, <see cref="AddressFamily.InterNetworkV6"/> or <see cref="AddressFamily.Unix"/>.</summary>
    public AddressFamily AddressFamily { get; }

    /// <summary>Gets the socket type: <see cref="SocketType.Stream"/> or <see cref="SocketType.Dgram"/>.</summary>
    public SocketType SocketType { get; }

    /// <summary>Gets the socket protocol: <see cref="ProtocolType.Tcp"/>, <see cref="ProtocolType.Udp"/>, or <see cref="ProtocolType.Unspecified"/> for local sockets.</summary>
    public ProtocolType ProtocolType { get; }

    /// <summary>Gets the transport semantics.</summary>
    public TransportSemantics Semantics { get; }

    /// <summary>Gets the netconfig protocol family: <c>inet</c>, <c>inet6</c> or <c>loopback</c>.</summary>
    public string ProtocolFamily { get; }

    /// <summary>Gets the netconfig protocol name: <c>tcp</c>, <c>udp</c>, or <c>-</c> for local sockets.</summary>
    public string ProtocolName { get; }

    /// <summary>Gets the IP protocol number a portmapper version 2 mapping uses for this transport (<see cref="PortMapping.Tcp"/> or <see cref="PortMapping.Udp"/>), or 0 when the portmapper cannot describe it.</summary>
    public uint PortmapperProtocol =>
        ProtocolType == ProtocolType.Tcp ? PortMapping.Tcp : ProtocolType == ProtocolType.Udp ? PortMapping.Udp : 0;

    /// <summary>Compares two values for equality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(NetIdInfo left, NetIdInfo right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(NetIdInfo left, NetIdInfo right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(NetIdInfo other) =>
        NetId == other.NetId && AddressFamily == other.AddressFamily && SocketType == other.SocketType &&
        ProtocolType == other.ProtocolType && Semantics == other.Semantics && ProtocolFamily == other.ProtocolFamily &&
        ProtocolName == other.ProtocolName;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NetIdInfo other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashHelper.Combine(HashHelper.String(NetId), (int)AddressFamily, (int)ProtocolType);

    /// <inheritdoc/>
    public override string ToString() => $"{NetId} ({ProtocolFamily}/{ProtocolName})";
}
