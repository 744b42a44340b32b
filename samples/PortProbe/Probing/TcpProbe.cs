using System.Net;
using System.Net.Sockets;

namespace PortProbe.Probing;

/// <summary>The TCP connect check (what <c>nmap -sT</c> does for one port), and how connect failures are classified.</summary>
internal static class TcpProbe
{
    public static async Task<TcpCheck> CheckAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        (Socket? socket, TcpCheck check) = await ProbeWire.ConnectTcpAsync(endPoint, timeout, cancellationToken).ConfigureAwait(false);
        socket?.Dispose();
        return check;
    }

    /// <summary>A refused connect is closed (RST: reachable, nothing listens); any other socket error is filtered.</summary>
    public static TcpCheck Failed(SocketException ex) =>
        ex.SocketErrorCode == SocketError.ConnectionRefused
            ? new TcpCheck(TcpState.Closed, "connection refused")
            // Host/network unreachable and friends: an ICMP error or no route, which nmap also calls filtered.
            : new TcpCheck(TcpState.Filtered, ex.Message);

    /// <summary>No answer to the SYN within the timeout: something drops the packets.</summary>
    public static TcpCheck TimedOut(TimeSpan timeout) => new(TcpState.Filtered, $"no answer within {Format.Duration(timeout)}");
}
