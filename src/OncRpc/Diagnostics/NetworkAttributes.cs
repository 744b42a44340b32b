using System.Net;

namespace OncRpc.Diagnostics;

/// <summary>The values of <c>network.transport</c> and of address and port attributes.</summary>
internal static class NetworkAttributes
{
    /// <summary>Gets <c>network.transport</c>: <c>tcp</c>, <c>udp</c> or <c>unix</c>.</summary>
    public static string Transport(RpcTransportKind transport) => transport switch
    {
        RpcTransportKind.Udp => "udp",
        RpcTransportKind.Local => "unix",
        _ => "tcp",
    };

    /// <summary>Splits an endpoint into an address (an IP address, a host name or a socket path) and a port, when it has one.</summary>
    public static (string? Address, int Port) Describe(EndPoint? endPoint) => endPoint switch
    {
        null => (null, 0),
        IPEndPoint ip => (ip.Address.ToString(), ip.Port),
        DnsEndPoint dns => (dns.Host, dns.Port),
        // A Unix socket path; an unnamed peer (most Unix clients) has none to report.
        _ => endPoint.ToString() is { Length: > 0 } path ? (path, 0) : (null, 0),
    };
}
