using System.Net;
using System.Net.Sockets;
using OncRpc;
using OncRpc.Client;

namespace PortProbe.Probing;

/// <summary>
/// The TCP connect check (what <c>nmap -sT</c> does for one port), made by the connect of an
/// <see cref="RpcClient"/> so that the listing can be read over the same connection; and how connect failures are
/// classified.
/// </summary>
internal static class TcpProbe
{
    public static async Task<TcpCheck> CheckAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        (RpcClient? client, TcpCheck check) = await ConnectAsync(endPoint, timeout, cancellationToken).ConfigureAwait(false);
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        return check;
    }

    /// <summary>Connects a client within the timeout: the client when the port is open, and the check either way.</summary>
    public static async Task<(RpcClient? Client, TcpCheck Check)> ConnectAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            RpcClient client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, ClientOptions(timeout), cancellationToken).ConfigureAwait(false);
            return (client, new TcpCheck(TcpState.Open, null));
        }
        catch (TimeoutException)
        {
            return (null, TimedOut(timeout));
        }
        catch (RpcException ex) when (ex.InnerException is SocketException socketError)
        {
            return (null, Failed(socketError));
        }
    }

    /// <summary>
    /// The settings of every client of a scan: the asynchronous I/O mode (thread-pool only: a scan opens two
    /// short-lived clients per host and asks a few questions on each, where a receive thread per client would double
    /// the CPU time), the per-host timeout for connecting and for each call, and a short first UDP retransmission.
    /// </summary>
    public static RpcClientOptions ClientOptions(TimeSpan timeout) => new()
    {
        IoMode = RpcClientIoMode.Asynchronous,
        ConnectTimeout = timeout,
        Timeout = timeout,
        // A lost datagram (a busy portmapper's full socket buffer, a lossy link) is sent again after at most 250 ms,
        // then at doubling intervals, so it costs a fraction of the timeout instead of half of it.
        RetransmitInterval = TimeSpan.FromMilliseconds(Math.Min(timeout.TotalMilliseconds / 2, 250)),
    };

    /// <summary>A refused connect is closed (RST: reachable, nothing listens); any other socket error is filtered.</summary>
    public static TcpCheck Failed(SocketException ex) =>
        ex.SocketErrorCode == SocketError.ConnectionRefused
            ? new TcpCheck(TcpState.Closed, "connection refused")
            // Host/network unreachable and friends: an ICMP error or no route, which nmap also calls filtered.
            : new TcpCheck(TcpState.Filtered, ex.Message);

    /// <summary>No answer to the SYN within the timeout: something drops the packets.</summary>
    public static TcpCheck TimedOut(TimeSpan timeout) => new(TcpState.Filtered, $"no answer within {Format.Duration(timeout)}");
}
