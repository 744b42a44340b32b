using System.Buffers;
using System.Net.Sockets;
using OncRpc.Framing;

namespace OncRpc.Client.Transport;

/// <summary>
/// A connected UDP socket: one message per datagram. The socket is connected, so the kernel delivers only
/// datagrams from the server's address and port; ICMP errors (port unreachable) surface on the receiver.
/// The receiver is a dedicated thread doing blocking reads (see <see cref="ReceiveThread"/>) or an asynchronous
/// loop on the thread pool, or, with no thread of its own, whichever caller is waiting for a reply
/// (<see cref="RpcClientIoMode"/>, the strategy in <see cref="ClientReceiver"/>), sharing the error handling and
/// delivery; calls send their datagrams synchronously.
/// </summary>
internal sealed class DatagramClientTransport : IClientTransport
{
    private readonly Socket _socket;
    private readonly IClientTransportSink _sink;
    private readonly int _maxReplySize;
    private readonly Action<byte[], int> _transmit;
    private readonly ClientReceiver _receiver;
    private readonly TaskCompletionSource<bool> _receiveDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _failOnIcmpErrors;
    private volatile bool _closed;
    private byte[]? _callerBuffer;
    private long _oversizeDatagrams;

    public DatagramClientTransport(Socket socket, IClientTransportSink sink, int maxReplySize, RpcClientIoMode ioMode, bool failOnIcmpErrors)
    {
        _failOnIcmpErrors = failOnIcmpErrors;
        _socket = socket;
        _sink = sink;
        _maxReplySize = Math.Min(maxReplySize, RpcDatagram.MaxMessageSize);
        _transmit = Transmit;
        _receiver = ClientReceiver.Create(ioMode, "OncRpc datagram receive", ReceiveLoop, ReceiveLoopAsync);
    }

    /// <summary>Gets the number of datagrams dropped for being larger than the reply size limit.</summary>
    internal long OversizeDatagrams => Interlocked.Read(ref _oversizeDatagrams);

    /// <inheritdoc/>
    public bool Retransmits => true;

    /// <summary>Gets zero: a datagram is sent whole at once or not at all.</summary>
    public long UnsentRecords => 0;

    /// <inheritdoc/>
    public int ReceiverReplacements => _receiver.Replacements;

    /// <inheritdoc/>
    public void Start() => _receiver.Start();

    /// <inheritdoc/>
    public void ReceiveOnce(int microseconds)
    {
        if (_closed)
        {
            return;
        }

        // One byte more than the limit, so a datagram over the limit is seen as such rather than silently cut.
        // Allocated at the first wait, not per client: a client whose calls all fail early never needs it.
        byte[] buffer = _callerBuffer ??= new byte[_maxReplySize + 1];
        int received;
        try
        {
            if (!CallingThreadWait.PollReadable(_socket, microseconds))
            {
                return;
            }

            received = _socket.Receive(buffer, 0, buffer.Length, SocketFlags.None);
        }
        catch (Exception ex)
        {
            KeepReceivingAfter(ex);
            return;
        }

        Deliver(buffer, received, generation: 0);
    }

    /// <summary>Encodes the call into a pooled buffer kept by the call for retransmission, and sends it.</summary>
    /// <exception cref="ArgumentException">The arguments codec rejected the value, or the message does not fit in a datagram.</exception>
    /// <exception cref="SocketException">The datagram could not be sent.</exception>
    public void Send<TArgs>(in CallMessage<TArgs> message, PendingCall call)
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

    /// <summary>Nothing waits in the kernel to be sent: a datagram is never stalled.</summary>
    public bool IsUnsent(PendingCall call) => false;

    /// <summary>Never needed: a datagram is never stalled.</summary>
    public void AbortStalledSend()
    {
    }

    /// <summary>Closes the socket and waits for the receive loop, if any, to end.</summary>
    /// <returns>A task that completes when the socket is closed and the receive loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        _closed = true;

        // Unlike a stream, a shut-down UDP socket does not complete a pending asynchronous receive on Linux, so the
        // socket is closed under it at once.
        Shutdown();
        await _receiver.WhenStopped(_receiveDone.Task).ConfigureAwait(false);
    }

    // A datagram is sent whole or not at all; sending it synchronously avoids an async state machine per call.
    private void Transmit(byte[] buffer, int length) => _socket.Send(buffer, 0, length, SocketFlags.None);

    private void ReceiveLoop(long generation)
    {
        // One byte more than the limit, so a datagram over the limit is seen as such rather than silently cut.
        // Each receiver has its own: one it replaces may still be reading a reply in place.
        byte[] buffer = new byte[_maxReplySize + 1];
        while (!_closed)
        {
            int received;
            try
            {
                received = _socket.Receive(buffer, 0, buffer.Length, SocketFlags.None);
            }
            catch (Exception ex)
            {
                if (KeepReceivingAfter(ex))
                {
                    continue;
                }

                break;
            }

            if (!Deliver(buffer, received, generation))
            {
                // Replaced while the caller's code ran: the new receiver reads on.
                return;
            }
        }

        FinishReceiving();
    }

    private async Task ReceiveLoopAsync()
    {
        // No receiver replaces this loop, so its buffer is free again once the loop has ended: pooled, because a
        // client that makes a call or two (a probe of many hosts) would otherwise allocate and clear up to 64 KiB each.
        // A rented buffer may be larger; a datagram over the limit is still seen as such and dropped by Deliver.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_maxReplySize + 1);
        try
        {
            while (!_closed)
            {
                int received;
                try
                {
#if NET
                    received = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
#else
                    received = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);
#endif
                }
                catch (Exception ex)
                {
                    if (KeepReceivingAfter(ex))
                    {
                        continue;
                    }

                    break;
                }

                Deliver(buffer, received, generation: 0);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        FinishReceiving();
    }

    /// <summary>Reports a receive error; <see langword="true"/> when it concerned earlier datagrams only and reading goes on.</summary>
    private bool KeepReceivingAfter(Exception error)
    {
        if (_closed)
        {
            return false;
        }

        if (error is SocketException socketError && IsTransient(socketError.SocketErrorCode))
        {
            // An ICMP error for an earlier datagram: the calls outstanding now cannot be answered (unless the
            // client was told to ignore it and let them run until they time out).
            if (_failOnIcmpErrors)
            {
                _sink.OnTransportError(RpcErrors.CantReceive(error), isFatal: false);
            }

            return true;
        }

        _closed = true;
        _sink.OnTransportError(RpcErrors.CantReceive(error), isFatal: true);
        Shutdown();
        return false;
    }

    /// <summary>
    /// Hands a datagram within the size limit to the sink. <see langword="false"/> when a dedicated receiver of
    /// <paramref name="generation"/> was replaced while the caller's code ran, and must end.
    /// </summary>
    private bool Deliver(byte[] buffer, int received, long generation)
    {
        if (_closed)
        {
            return true;
        }

        if (received > _maxReplySize)
        {
            Interlocked.Increment(ref _oversizeDatagrams);
            return true;
        }

        return _receiver.Deliver(_sink, generation, buffer.AsSpan(0, received));
    }

    private void FinishReceiving()
    {
        _receiver.OnStopped();
        _receiveDone.TrySetResult(true);
    }

    private void Shutdown()
    {
        // Wakes the receive thread out of its blocking read before the descriptor goes away.
        SocketConnector.Abort(_socket);
        _socket.Dispose();
    }

    private static bool IsTransient(SocketError error) => error is SocketError.ConnectionRefused
        or SocketError.ConnectionReset
        or SocketError.HostUnreachable
        or SocketError.NetworkUnreachable
        or SocketError.MessageSize;
}
