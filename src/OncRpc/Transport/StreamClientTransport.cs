using System.Buffers;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Framing;
using OncRpc.Xdr;

namespace OncRpc.Transport;

/// <summary>
/// A connected stream socket (TCP or Unix) carrying record-marked messages: one receive loop hands each complete
/// record to the sink; calls append their records to a send buffer that one flusher at a time writes out, so
/// calls made while a write is in progress leave in the same write.
/// </summary>
internal sealed class StreamClientTransport : IAsyncDisposable
{
    private const int InitialReceiveBuffer = 16 * 1024;

    private readonly Socket _socket;
    private readonly IClientTransportSink _sink;
    private readonly RecordMarkingOptions _framing;
    private readonly object _sendLock = new();
    private PooledBufferWriter _queued = new();
    private PooledBufferWriter? _spare = new();
    private bool _flushing;
    private Task? _flushTask;
    private Task _receiveLoop = Task.CompletedTask;
    private Exception? _failure;

    public StreamClientTransport(Socket socket, IClientTransportSink sink, RecordMarkingOptions framing)
    {
        _socket = socket;
        _sink = sink;
        _framing = framing;
    }

    public void Start() => _receiveLoop = ReceiveLoopAsync();

    /// <summary>Queues one call record and makes sure a flusher is running.</summary>
    /// <exception cref="ArgumentException">The arguments codec rejected the value; nothing was queued.</exception>
    /// <exception cref="RpcException">The connection has failed.</exception>
    public void Send<TArgs>(in CallMessage<TArgs> message)
    {
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

            if (_flushing)
            {
                return;
            }

            _flushing = true;
        }

        // Runs synchronously up to the first write that cannot complete at once; never throws.
        _flushTask = FlushLoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Close(new ObjectDisposedException(nameof(RpcClient)), report: false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
            if (_flushTask is { } flush)
            {
                await flush.ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Both loops report their own failures; nothing is left to observe here.
        }
    }

    private async Task FlushLoopAsync()
    {
        try
        {
            while (true)
            {
                PooledBufferWriter batch;
                lock (_sendLock)
                {
                    if (_queued.WrittenCount == 0 || _failure is not null)
                    {
                        _flushing = false;
                        return;
                    }

                    batch = _queued;
                    _queued = _spare ?? new PooledBufferWriter();
                    _spare = null;
                }

                int offset = 0;
                int length = batch.WrittenCount;
                while (offset < length)
                {
#if NET
                    int sent = await _socket.SendAsync(batch.WrittenMemory.Slice(offset), SocketFlags.None).ConfigureAwait(false);
#else
                    int sent = await _socket.SendAsync(new ArraySegment<byte>(batch.Buffer, offset, length - offset), SocketFlags.None).ConfigureAwait(false);
#endif
                    offset += sent;
                }

                batch.Reset();
                lock (_sendLock)
                {
                    _spare = batch;
                }
            }
        }
        catch (Exception ex)
        {
            lock (_sendLock)
            {
                _flushing = false;
            }

            Close(RpcErrors.CantSend(ex is IOException { InnerException: SocketException inner } ? inner : ex), report: true);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        // Reads straight from the socket into one pooled buffer: a reply that arrives whole (the usual case) is
        // decoded where it landed, and the buffer grows only as far as the record limits allow.
        int limit = (int)Math.Min(int.MaxValue, (long)_framing.MaxRecordSize + (4L * _framing.MaxFragmentCount));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialReceiveBuffer);
        int start = 0;
        int end = 0;
        Exception failure;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    else if (buffer.Length >= limit)
                    {
                        // The framer rejects a record header over the limits first; this guards the buffer regardless.
                        throw new RpcProtocolException($"The server sent a record larger than the limit of {limit} bytes.");
                    }
                    else
                    {
                        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, (long)buffer.Length * 2));
                        Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

#if NET
                int received = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
#else
                int received = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, end, buffer.Length - end), SocketFlags.None).ConfigureAwait(false);
#endif
                if (received == 0)
                {
                    failure = start == end
                        ? RpcErrors.CantReceive(null)
                        : RpcErrors.CantReceive(new RpcProtocolException("The server closed the connection in the middle of a record."));
                    break;
                }

                end += received;
                var sequence = new ReadOnlySequence<byte>(buffer, start, end - start);
                while (RecordMarking.TryReadRecord(ref sequence, _framing, out RecordBuffer record))
                {
                    using (record)
                    {
                        _sink.OnMessage(record.Span);
                    }
                }

                start = end - (int)sequence.Length;
                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (RpcProtocolException ex)
        {
            failure = ex;
        }
        catch (Exception ex)
        {
            failure = RpcErrors.CantReceive(ex);
        }

        Close(failure, report: true);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Close(Exception failure, bool report)
    {
        lock (_sendLock)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = failure;
        }

        if (report)
        {
            _sink.OnTransportError(failure, isFatal: true);
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }
}
