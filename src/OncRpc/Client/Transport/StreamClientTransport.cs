using System.Buffers;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Xdr;

namespace OncRpc.Client.Transport;

/// <summary>
/// A connected stream socket (TCP or Unix) carrying record-marked messages. One receiver reads into one pooled
/// buffer and hands each complete record to the sink: a dedicated thread doing blocking reads, or an asynchronous
/// loop on the thread pool, or, with no thread of its own, whichever caller is waiting for a reply
/// (<see cref="RpcClientIoMode"/>, the strategy in <see cref="ClientReceiver"/>); all share the buffer handling and
/// the record parsing.
/// Calls encode their records into a send buffer and the caller that finds no send in progress writes the buffer
/// out synchronously, so records queued meanwhile by other callers leave in the same write.
/// </summary>
/// <remarks>
/// With a dedicated thread the socket must never have had an asynchronous operation: .NET then keeps the
/// descriptor in blocking mode and a synchronous <see cref="Socket.Receive(byte[], int, int, SocketFlags)"/> is one
/// system call, where on a socket switched to non-blocking mode it waits for .NET's event thread to wake it, the
/// very hop this design avoids. In the asynchronous mode that hop is accepted; the synchronous sends still work.
/// </remarks>
internal sealed class StreamClientTransport : IClientTransport
{
    private readonly Socket _socket;

    // RPC-with-TLS: the TLS stream over _socket, which then carries every byte; null in clear text. The calling-thread
    // mode never gets one (it polls the socket, which cannot see what TLS has buffered).
    private readonly Stream? _secure;
    private readonly IClientTransportSink _sink;
    private readonly RecordMarkingOptions _framing;
    private readonly object _sendLock = new();
    private readonly ClientReceiver _receiver;
    private readonly TaskCompletionSource<bool> _receiveDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _receiveEnded;
    private PooledBufferWriter _queued = new();
    private PooledBufferWriter? _spare = new();
    private bool _sending;
    private long _queuedRecords;
    private long _sentRecords;
    private Exception? _failure;

    // Owned by the current receiver. A replacement receiver moves the unparsed bytes into a buffer of its own, since
    // the one it replaces may still be reading a reply in place.
    private readonly StreamReceiveBuffer _received;

    public StreamClientTransport(Socket socket, Stream? secure, IClientTransportSink sink, RecordMarkingOptions framing, RpcClientIoMode ioMode)
    {
        _socket = socket;
        _secure = secure;
        _sink = sink;
        _framing = framing;
        _received = new StreamReceiveBuffer(framing);
        _receiver = ClientReceiver.Create(ioMode, "OncRpc stream receive", ReceiveLoop, ReceiveLoopAsync);
    }

    /// <inheritdoc/>
    public bool Retransmits => false;

    /// <inheritdoc/>
    public long UnsentRecords
    {
        get
        {
            lock (_sendLock)
            {
                return _queuedRecords - Volatile.Read(ref _sentRecords);
            }
        }
    }

    /// <inheritdoc/>
    public int ReceiverReplacements => _receiver.Replacements;

    /// <inheritdoc/>
    public void Start() => _receiver.Start();

    /// <inheritdoc/>
    /// <remarks>The end of the stream, too, closes the transport and is reported to the sink.</remarks>
    public void ReceiveOnce(int microseconds)
    {
        if (Volatile.Read(ref _receiveEnded) != 0)
        {
            return;
        }

        try
        {
            if (!CallingThreadWait.PollReadable(_socket, microseconds))
            {
                return;
            }

            if (!_received.Receive(_socket))
            {
                FinishReceiving(EndOfStream());
                return;
            }

            DeliverRecords(generation: 0);
        }
        catch (Exception ex)
        {
            FinishReceiving(ReceiveFailure(ex));
        }
    }

    /// <summary>
    /// Queues one call record and writes out the queue unless another caller is doing so. Socket errors close the
    /// transport and are reported to the sink; they do not throw.
    /// </summary>
    /// <exception cref="ArgumentException">The arguments codec rejected the value; nothing was queued.</exception>
    /// <exception cref="RpcException">The connection has failed.</exception>
    public void Send<TArgs>(in CallMessage<TArgs> message, PendingCall call)
    {
        call.RequestSize = CallMessageCodec<TArgs>.Instance.GetEncodedSize(message);
        lock (_sendLock)
        {
            if (_failure is { } failure)
            {
                throw RpcErrors.Copy(failure);
            }

            int mark = _queued.WrittenCount;
            try
            {
                RecordMarking.WriteRecord(_queued, CallMessageCodec<TArgs>.Instance, message, _framing);
            }
            catch
            {
                // Undo a record written halfway so the stream stays well formed.
                _queued.Truncate(mark);
                throw;
            }

            call.SendSequence = ++_queuedRecords;
            if (_sending)
            {
                return;
            }

            _sending = true;
        }

        Flush();
    }

    /// <summary>Records are never lost in transit: nothing to do.</summary>
    public void Retransmit(PendingCall call)
    {
    }

    /// <inheritdoc/>
    public bool IsUnsent(PendingCall call) => call.SendSequence > Volatile.Read(ref _sentRecords);

    /// <inheritdoc/>
    public void AbortStalledSend() =>
        Close(RpcErrors.CantSend(new SocketException((int)SocketError.TimedOut)), report: true);

    /// <summary>Closes the connection and waits for the receive loop, if any, to end.</summary>
    /// <returns>A task that completes when the socket is closed and the receive loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        // The socket is shut down at once; the receiver decides when it is closed (an asynchronous loop first sees
        // the shutdown as the end of the stream).
        if (Close(new ObjectDisposedException(nameof(RpcClient)), report: false, disposeSocket: false))
        {
            await _receiver.CloseSocketAsync(_socket, _receiveDone.Task).ConfigureAwait(false);
        }

        // Never waits for a caller's continuation for long: a receiver it holds is replaced, and the replacement
        // finds the socket closed at once.
        await _receiver.WhenStopped(_receiveDone.Task).ConfigureAwait(false);
        _secure?.Dispose();
    }

    private void Flush()
    {
        try
        {
            while (true)
            {
                PooledBufferWriter batch;
                long last;
                lock (_sendLock)
                {
                    if (_queued.WrittenCount == 0 || _failure is not null)
                    {
                        _sending = false;
                        return;
                    }

                    batch = _queued;
                    last = _queuedRecords;
                    _queued = _spare ?? new PooledBufferWriter();
                    _spare = null;
                }

                int offset = 0;
                int length = batch.WrittenCount;
                if (_secure is not null)
                {
                    _secure.Write(batch.Buffer, 0, length);
                }
                else
                {
                    while (offset < length)
                    {
                        offset += _socket.Send(batch.Buffer, offset, length - offset, SocketFlags.None);
                    }
                }

                batch.Reset();
                lock (_sendLock)
                {
                    _spare = batch;
                    Volatile.Write(ref _sentRecords, last);
                }
            }
        }
        catch (Exception ex)
        {
            lock (_sendLock)
            {
                _sending = false;
            }

            // The calling-thread mode's send timeout ends a blocked write with EAGAIN: report it as what it is.
            if (ex is SocketException { SocketErrorCode: SocketError.WouldBlock })
            {
                ex = new SocketException((int)SocketError.TimedOut);
            }

            Close(RpcErrors.CantSend(ex), report: true);
        }
    }

    private void ReceiveLoop(long generation)
    {
        Exception failure;
        if (generation > 0)
        {
            // Take over from a receiver held by a caller: its buffer may still be in use, so continue in a new one.
            _received.MoveToFreshBuffer();
        }

        try
        {
            while (true)
            {
                // Replies that arrived whole in an earlier read but were not parsed yet (a takeover) come first.
                if (!DeliverRecords(generation))
                {
                    // Replaced while the caller's code ran: the new receiver owns the socket and the state.
                    return;
                }

                if (!(_secure is null ? _received.Receive(_socket) : _received.Receive(_secure)))
                {
                    failure = EndOfStream();
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            failure = ReceiveFailure(ex);
        }

        FinishReceiving(failure);
    }

    private async Task ReceiveLoopAsync()
    {
        Exception failure;
        try
        {
            while (true)
            {
                DeliverRecords(generation: 0);
                ArraySegment<byte> free = _received.PrepareReceive();
#if NET
                int received = _secure is null
                    ? await _socket.ReceiveAsync(free.AsMemory(), SocketFlags.None).ConfigureAwait(false)
                    : await _secure.ReadAsync(free.AsMemory()).ConfigureAwait(false);
#else
                int received = _secure is null
                    ? await _socket.ReceiveAsync(free, SocketFlags.None).ConfigureAwait(false)
                    : await _secure.ReadAsync(free.Array!, free.Offset, free.Count).ConfigureAwait(false);
#endif
                if (received == 0)
                {
                    failure = EndOfStream();
                    break;
                }

                _received.Advance(received);
            }
        }
        catch (Exception ex)
        {
            failure = ReceiveFailure(ex);
        }

        FinishReceiving(failure);
    }

    /// <summary>
    /// Hands every whole record in the buffer to the sink. <see langword="false"/> when a dedicated receiver of
    /// <paramref name="generation"/> was replaced while the caller's code ran, and must end.
    /// </summary>
    private bool DeliverRecords(long generation)
    {
        while (_received.TryTakeRecord(out RecordBuffer record))
        {
            using (record)
            {
                if (!_receiver.Deliver(_sink, generation, record.Span))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private Exception EndOfStream() => _received.IsEmpty
        ? RpcErrors.CantReceive(null)
        : RpcErrors.CantReceive(new RpcProtocolException("The server closed the connection in the middle of a record."));

    private static Exception ReceiveFailure(Exception ex) => ex is RpcProtocolException ? ex : RpcErrors.CantReceive(ex);

    private void FinishReceiving(Exception failure)
    {
        if (Interlocked.Exchange(ref _receiveEnded, 1) != 0)
        {
            return;
        }

        Close(failure, report: true);
        _received.Release();
        _receiver.OnStopped();
        _receiveDone.TrySetResult(true);
    }

    /// <summary>Fails the connection with <paramref name="failure"/> unless it failed before; returns whether this call did it.</summary>
    private bool Close(Exception failure, bool report, bool disposeSocket = true)
    {
        lock (_sendLock)
        {
            if (_failure is not null)
            {
                return false;
            }

            _failure = failure;
        }

        if (report)
        {
            _sink.OnTransportError(failure, isFatal: true);
        }

        // Wakes the receive thread, and a caller blocked writing, before the descriptor goes away.
        SocketConnector.Abort(_socket);

        if (disposeSocket)
        {
            _socket.Dispose();
        }

        return true;
    }
}
