using System.Buffers;
using System.IO.Pipelines;
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
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
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
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4096, leaveOpen: true));
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

        _stream.Dispose();
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
        Exception failure;
        try
        {
            while (true)
            {
                ReadResult result = await _reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (RecordMarking.TryReadRecord(ref buffer, _framing, out RecordBuffer record))
                    {
                        using (record)
                        {
                            _sink.OnMessage(record.Span);
                        }
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        failure = buffer.IsEmpty
                            ? RpcErrors.CantReceive(null)
                            : RpcErrors.CantReceive(new RpcProtocolException("The server closed the connection in the middle of a record."));
                        break;
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (RpcProtocolException ex)
        {
            failure = ex;
        }
        catch (Exception ex)
        {
            failure = RpcErrors.CantReceive(ex is IOException { InnerException: SocketException inner } ? inner : ex);
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        Close(failure, report: true);
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
