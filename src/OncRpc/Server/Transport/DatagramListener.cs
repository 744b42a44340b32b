using System.Buffers;
using System.Net;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Xdr;

namespace OncRpc.Server.Transport;

/// <summary>
/// A UDP socket of a server: one message per datagram, decoded from exactly the bytes received, so a truncated
/// datagram can never be read past its end.
/// </summary>
internal sealed class DatagramListener : ReplyChannel, IServerListener
{
    // One byte more than the largest UDP payload: a datagram can never be cut short by the buffer.
    private const int ReceiveBufferSize = 65_536;

    private readonly IServerConnectionHost _host;
    private readonly Socket _socket;
    private readonly int _maxOutstanding;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WakeSignal _signal = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _outstanding;
    private volatile bool _aborted;

    public DatagramListener(IServerConnectionHost host, Socket socket)
        : base(new ServerEndpoint(RpcTransportKind.Udp, socket.LocalEndPoint))
    {
        _host = host;
        _socket = socket;
        _maxOutstanding = host.Options.MaxOutstandingCallsPerConnection;
        LocalEndPoint = socket.LocalEndPoint!;
    }

    public EndPoint LocalEndPoint { get; }

    public RpcTransportKind Transport => RpcTransportKind.Udp;

    public Task AcceptLoop => _receiveLoop;

    public Task Completion => _completion.Task;

    public void Start()
    {
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _ = FinishAsync();
    }

    public void StopAccepting()
    {
        try
        {
            _stopReceiving.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

#if !NET
        // Without cancellable receives the socket itself has to go; replies still running are lost.
        _socket.Dispose();
#endif
        _signal.Wake();
    }

    public void Abort()
    {
        _aborted = true;
        StopAccepting();
        _socket.Dispose();
        _signal.Wake();
    }

    public override ReplyOutcome SendReply<T>(EndPoint? remote, uint xid, IXdrCodec<T> codec, in T message)
    {
        if (remote is null)
        {
            return ReplyOutcome.NotSent;
        }

        int size;
        try
        {
            size = codec.GetEncodedSize(message);
        }
#pragma warning disable CA1031 // A results codec that cannot size its value turns the reply into SYSTEM_ERR.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _host.ReplyFailed(this, remote, xid, RpcServerEventKind.HandlerFailed, ex);
            return ReplyOutcome.ReplacedWithSystemError;
        }

        if (size > RpcDatagram.MaxMessageSize)
        {
            _host.ReplyFailed(this, remote, xid, RpcServerEventKind.ReplyTooLarge, null);
            return ReplyOutcome.ReplacedWithSystemError;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            int length;
            try
            {
                length = RpcDatagram.Write(buffer, codec, message);
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _host.ReplyFailed(this, remote, xid, RpcServerEventKind.HandlerFailed, ex);
                return ReplyOutcome.ReplacedWithSystemError;
            }

            try
            {
                _socket.SendTo(buffer, 0, length, SocketFlags.None, remote);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // UDP gives no delivery guarantee; a reply that cannot be sent is simply lost, like one dropped on the way.
            }

            return ReplyOutcome.Sent;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void BeginAsyncCall() => Interlocked.Increment(ref _outstanding);

    public override void EndAsyncCall()
    {
        Interlocked.Decrement(ref _outstanding);
        _signal.Wake();
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[ReceiveBufferSize];
        EndPoint any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        CancellationToken stop = _stopReceiving.Token;
        while (!stop.IsCancellationRequested)
        {
            if (Volatile.Read(ref _outstanding) >= _maxOutstanding)
            {
                _host.Count(RpcServerEventKind.Throttled, Endpoint.Transport);
                await _signal.WaitAsync(() => stop.IsCancellationRequested || Volatile.Read(ref _outstanding) < _maxOutstanding).ConfigureAwait(false);
                continue;
            }

            SocketReceiveFromResult received;
            try
            {
#if NET
                received = await _socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, any, stop).ConfigureAwait(false);
#else
                received = await _socket.ReceiveFromAsync(new ArraySegment<byte>(buffer), SocketFlags.None, any).ConfigureAwait(false);
#endif
            }
            catch (Exception) when (stop.IsCancellationRequested || _aborted)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier reply surfaces on some systems as a failed receive: ignore it.
                continue;
            }

            _host.Dispatch(buffer.AsSpan(0, received.ReceivedBytes), this, received.RemoteEndPoint);
        }
    }

    private async Task FinishAsync()
    {
        try
        {
            await _receiveLoop.ConfigureAwait(false);
            while (!_aborted && Volatile.Read(ref _outstanding) > 0)
            {
                await _signal.WaitAsync(() => _aborted || Volatile.Read(ref _outstanding) == 0).ConfigureAwait(false);
            }
        }
        finally
        {
            _socket.Dispose();
            _stopReceiving.Dispose();
            _completion.TrySetResult(true);
        }
    }
}
