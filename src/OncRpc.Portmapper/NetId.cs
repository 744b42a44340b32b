using System.Net;
using System.Net.Sockets;

namespace OncRpc.Portmapper;

/// <summary>The network identifiers (netids) of RFC 5665 that rpcbind uses on IP and local transports, and what they stand for.</summary>
public static class NetId
{
    /// <summary>TCP over IPv4: <c>tcp</c>.</summary>
    public const string Tcp = "tcp";

    /// <summary>UDP over IPv4: <c>udp</c>.</summary>
    public const string Udp = "udp";

    /// <summary>TCP over IPv6: <c>tcp6</c>.</summary>
    public const string Tcp6 = "tcp6";

    /// <summary>UDP over IPv6: <c>udp6</c>.</summary>
    public const string Udp6 = "udp6";

    /// <summary>A local (Unix domain) stream socket: <c>local</c>; its universal address is a path.</summary>
    public const string Local = "local";

    /// <summary>The older name of <see cref="Local"/>: <c>unix</c>.</summary>
    public const string Unix = "unix";

    private static readonly NetIdInfo[] Known =
    [
        new(Tcp, AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp, TransportSemantics.ConnectionOrientedOrderly, "inet", "tcp"),
        new(Udp, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp, TransportSemantics.Connectionless, "inet", "udp"),
        new(Tcp6, AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp, TransportSemantics.ConnectionOrientedOrderly, "inet6", "tcp"),
        new(Udp6, AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp, TransportSemantics.Connectionless, "inet6", "udp"),
        new(Local, AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified, TransportSemantics.ConnectionOrientedOrderly, "loopback", "-"),
        new(Unix, AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified, TransportSemantics.ConnectionOrientedOrderly, "loopback", "-"),
    ];

    /// <summary>Looks up what a network identifier stands for.</summary>
    /// <param name="netId">The network identifier; compared exactly (netids are lower case).</param>
    /// <param name="info">When this method returns <see langword="true"/>, the description of the netid.</param>
    /// <returns><see langword="true"/> for <c>tcp</c>, <c>udp</c>, <c>tcp6</c>, <c>udp6</c>, <c>local</c> and <c>unix</c>; otherwise <see langword="false"/>.</returns>
    public static bool TryGetInfo(string? netId, out NetIdInfo info)
    {
        foreach (NetIdInfo candidate in Known)
        {
            if (string.Equals(candidate.NetId, netId, StringComparison.Ordinal))
            {
                info = candidate;
                return true;
            }
        }

        info = default;
        return false;
    }

    /// <summary>Looks up what a network identifier stands for.</summary>
    /// <param name="netId">The network identifier.</param>
    /// <returns>The description of the netid.</returns>
    /// <exception cref="ArgumentException"><paramref name="netId"/> is not one of the netids this library knows.</exception>
    public static NetIdInfo GetInfo(string netId) =>
        TryGetInfo(netId, out NetIdInfo info)
            ? info
            : throw new ArgumentException($"'{netId}' is not a known netid; expected tcp, udp, tcp6, udp6, local or unix.", nameof(netId));

    /// <summary>Gets the netid of a socket address family and protocol.</summary>
    /// <param name="addressFamily">The address family: IPv4, IPv6 or Unix.</param>
    /// <param name="protocolType">The protocol: TCP or UDP for IP; ignored for Unix sockets, which are always stream sockets (<c>local</c>).</param>
    /// <returns>The netid.</returns>
    /// <exception cref="ArgumentException">The combination has no netid.</exception>
    public static string For(AddressFamily addressFamily, ProtocolType protocolType) => (addressFamily, protocolType) switch
    {
        (AddressFamily.InterNetwork, ProtocolType.Tcp) => Tcp,
        (AddressFamily.InterNetwork, ProtocolType.Udp) => Udp,
        (AddressFamily.InterNetworkV6, ProtocolType.Tcp) => Tcp6,
        (AddressFamily.InterNetworkV6, ProtocolType.Udp) => Udp6,
        (AddressFamily.Unix, _) => Local,
        _ => throw new ArgumentException($"There is no netid for {addressFamily} with {protocolType}.", nameof(protocolType)),
    };

    /// <summary>Gets the netid of an endpoint reached over a protocol.</summary>
    /// <param name="endPoint">An <see cref="IPEndPoint"/> or a Unix domain socket endpoint.</param>
    /// <param name="protocolType">TCP or UDP; ignored for Unix sockets.</param>
    /// <returns>The netid.</returns>
    /// <exception cref="ArgumentException">The combination has no netid.</exception>
    public static string For(EndPoint endPoint, ProtocolType protocolType)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        return For(endPoint.AddressFamily, protocolType);
    }
}
