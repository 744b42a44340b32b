using System.Net;
using System.Net.Sockets;
using OncRpc.Messages;
using OncRpc.Tls;

namespace OncRpc.Client.Transport;

/// <summary>The connection of <see cref="RpcTlsProbe"/>: connect, the AUTH_TLS probe exchange, close; bounded by one timeout.</summary>
internal static class TlsProbeConnection
{
    public static async Task<RpcReplyHeader> ProbeAsync(EndPoint endPoint, uint program, uint version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource();
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            timeoutSource.CancelAfter(timeout);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, endPoint.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);

        // netstandard2.0's socket calls take no token: closing the socket is what ends them.
        using CancellationTokenRegistration closeOnCancel = linked.Token.Register(static s => ((Socket)s!).Dispose(), socket);
        try
        {
#if NET
            await socket.ConnectAsync(endPoint, linked.Token).ConfigureAwait(false);
#else
            await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, endPoint, null).ConfigureAwait(false);
#endif
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            throw Translate(ex, cancellationToken, timeoutSource, connecting: true);
        }

        try
        {
            return await ProbeExchange.ExchangeAsync(socket, ProbeExchange.NewXid(), program, version, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            throw Translate(ex, cancellationToken, timeoutSource, connecting: false);
        }
    }

    private static Exception Translate(Exception ex, CancellationToken caller, CancellationTokenSource timeout, bool connecting)
    {
        if (caller.IsCancellationRequested)
        {
            return new OperationCanceledException(caller);
        }

        if (timeout.IsCancellationRequested)
        {
            return RpcErrors.TimedOut();
        }

        return connecting && ex is SocketException socketError ? RpcErrors.ConnectFailed(socketError) : RpcErrors.CantReceive(ex);
    }
}
