using System.Buffers;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Framing;

namespace OncRpc.Transport;

/// <summary>
/// A connected UDP socket: one message per datagram. The socket is connected, so the kernel delivers only
/// datagrams from the server's address and port; ICMP errors (port unreachable) surface on the receive loop.
/// </summary>
internal sealed class DatagramClientTransport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IClientTransportSink _sink;
    private readonly int _maxReplySize;
    private readonly byte[] _receiveBuffer;
    private readonly Action<byte[], int> _transmit;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closed;
    private long _oversizeDatagrams;

    public DatagramClientTransport(Socket socket, IClientTransportSink sink, int maxReplySize)
    {
        _socket = socket;
        _sink = sink;
        _maxReplySize = Math.Min(maxReplySize, RpcDatagram.MaxMessageSize);

        // One byte more than the limit, so a datagram over the limit is seen as such rather than silently cut.
        _receiveBuffer = new byte[_maxReplySize + 1];
        _transmit = Transmit;
    }

    /// <summary>Gets the number of datagrams dropped for being larger than the reply size limit.</summary>
    internal long OversizeDatagrams => Interlocked.Read(ref _oversizeDatagrams);

    public void Start() => _receiveLoop = ReceiveLoopAsync();

    /// <summary>Encodes the call into a pooled buffer kept by the call for retransmission, and sends it.</summary>
    /// <exception cref="ArgumentException">The arguments codec rejected the value, or the message does not fit in a datagram.</exception>
    /// <exception cref="SocketException">The datagram could not be sent.</exception>
    public int Send<TArgs>(in CallMessage<TArgs> message, PendingCall call)
    {
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(RpcClient));
        }

        CallMessageCodec<TArgs> codec = CallMessageCodec<TArgs>.Instance;
        int size = codec.GetEncodedSize(message);
        if (size > RpcDatagram.MaxMessageSize)
        {
            throw new ArgumentException($"The call message of {size} bytes does not fit in a UDP datagram.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            size = RpcDatagram.Write(buffer, codec, message);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        call.RequestSize = size;
        call.SetDatagram(buffer, size);
        call.WithDatagram(_transmit);
        return size;
    }

    /// <summary>Sends the call's datagram again; errors are left to the receive loop and the call's timer.</summary>
    public void Retransmit(PendingCall call)
    {
        try
        {
            call.WithDatagram(_transmit);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop reports its own failures.
        }
    }

    // A datagram is sent whole or not at all; sending it synchronously avoids an async state machine per call.
    private void Transmit(byte[] buffer, int length) => _socket.Send(buffer, 0, length, SocketFlags.None);

    private async Task ReceiveLoopAsync()
    {
        while (!_closed)
        {
            int received;
            try
            {
#if NET
                received = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
#else
                received = await _socket.ReceiveAsync(new ArraySegment<byte>(_receiveBuffer), SocketFlags.None).ConfigureAwait(false);
#endif
            }
            catch (Exception) when (_closed)
            {
                return;
            }
            catch (SocketException ex) when (IsTransient(ex.SocketErrorCode))
            {
                // An ICMP error for an earlier datagram: the calls outstanding now cannot be answered.
                _sink.OnTransportError(RpcErrors.CantReceive(ex), isFatal: false);
                continue;
            }
            catch (Exception ex)
            {
                _closed = true;
                _sink.OnTransportError(RpcErrors.CantReceive(ex), isFatal: true);
                _socket.Dispose();
                return;
            }

            if (received > _maxReplySize)
            {
                Interlocked.Increment(ref _oversizeDatagrams);
                continue;
            }

            _sink.OnMessage(_receiveBuffer.AsSpan(0, received));
        }
    }

    private static bool IsTransient(SocketError error) => error is SocketError.ConnectionRefused
        or SocketError.ConnectionReset
        or SocketError.HostUnreachable
        or SocketError.NetworkUnreachable
        or SocketError.MessageSize;
}
