using System.Net;
using System.Net.Sockets;

namespace PortProbe.Probing;

/// <summary>The TCP connect check (what <c>nmap -sT</c> does for one port).</summary>
internal static class TcpProbe
{
    public static async Task<TcpCheck> CheckAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            return new TcpCheck(TcpState.Open, null);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new TcpCheck(TcpState.Closed, "connection refused");
        }
        catch (SocketException ex)
        {
            // Host/network unreachable and friends: an ICMP error or no route, which nmap also calls filtered.
            return new TcpCheck(TcpState.Filtered, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TcpCheck(TcpState.Filtered, $"no answer within {Format.Duration(timeout)}");
        }
    }
}
