using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Xdr;

namespace OncRpc.Server.Transport;

/// <summary>
/// The sending half of a <see cref="StreamServerConnection"/>: replies are framed into an in-memory pipe under a
/// lock, so the replies of concurrent handlers never interleave, and a send loop drains the pipe to the socket.
/// While the connection dispatches a batch of records, flushing waits for the end of the batch (one send per batch).
/// </summary>
internal sealed class StreamReplyWriter
{
    private static readonly PipeOptions OutputPipeOptions = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false);

    private readonly Pipe _output = new(OutputPipeOptions);
    private readonly object _lock = new();
    private readonly Socket _socket;
    private readonly RecordMarkingOptions _recordOptions;
    private readonly StreamServerConnection _connection;
    private readonly ReplyBudget _budget;
    private long _unsent;
    private long _unflushed;
    private bool _inBatch;
    private bool _needsFlush;
    private bool _closed;
    private volatile Stream? _secure;

    public StreamReplyWriter(Socket socket, RecordMarkingOptions recordOptions, ReplyBudget budget, StreamServerConnection connection)
    {
        _socket = socket;
        _budget = budget;
        _recordOptions = recordOptions;
        _connection = connection;
    }

    /// <summary>
    /// Gets or sets the TLS stream over the socket, once the connection has started RPC-with-TLS: from then on every
    /// reply goes through it. Set only while nothing is being sent (after the STARTTLS answer went out).
    /// </summary>
    public Stream? Secure
    {
        get => _secure;
        set => _secure = value;
    }

    /// <summary>Gets the bytes of replies written but not sent yet.</summary>
    public long Unsent => Interlocked.Read(ref _unsent);

    /// <summary>Frames one reply; it is sent at once, or at the end of the current batch.</summary>
    /// <returns>
    /// <see langword="null"/> when the reply was written or the output is already closed; otherwise the exception
    /// the codec threw half-way. The output is then closed, since the record on the wire would be corrupt.
    /// </returns>
    public Exception? Write<T>(IXdrCodec<T> codec, in T message)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            PipeWriter writer = _output.Writer;
            long before = writer.UnflushedBytes;
            try
            {
                RecordMarking.WriteRecord(writer, codec, message, _recordOptions);
            }
#pragma warning disable CA1031 // The record on the wire is now corrupt: the only safe way on is to drop the connection.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                CloseLocked();
                return ex;
            }

            long written = writer.UnflushedBytes - before;
            Interlocked.Add(ref _unsent, written);
            _unflushed += written;
            if (_inBatch)
            {
                _needsFlush = true;
            }
            else
            {
                FlushLocked();
            }

            return null;
        }
    }

    /// <summary>Holds back flushes until <see cref="EndBatch"/>: the replies of a batch of records go out together.</summary>
    public void BeginBatch()
    {
        lock (_lock)
        {
            _inBatch = true;
        }
    }

    public void EndBatch()
    {
        lock (_lock)
        {
            _inBatch = false;
            if (_needsFlush && !_closed)
            {
                FlushLocked();
            }
        }
    }

    /// <summary>Sends whatever is still held back, then completes the output: the send loop ends once it is sent.</summary>
    public void FlushAndClose()
    {
        lock (_lock)
        {
            if (!_closed && _needsFlush)
            {
                FlushLocked();
            }

            CloseLocked();
        }
    }

    /// <summary>Completes the output; replies still unsent are sent, later ones dropped.</summary>
    public void Close()
    {
        lock (_lock)
        {
            CloseLocked();
        }
    }

    /// <summary>The send loop: drains the pipe to the socket until the output is closed; aborts the connection if a send fails.</summary>
    public async Task RunAsync()
    {
        PipeReader reader = _output.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await SendAsync(segment).ConfigureAwait(false);
                }

                long sent = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (sent > 0)
                {
                    Interlocked.Add(ref _unsent, -sent);
                    _budget.Add(-sent);
                    _connection.OnRepliesSent();
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
#pragma warning disable CA1031 // The peer reset the connection: stop everything on it.
        catch (Exception)
#pragma warning restore CA1031
        {
            _connection.Abort();
        }
        finally
        {
            reader.Complete();

            // Whatever was written and never sent leaves the server-wide budget with this connection.
            lock (_lock)
            {
                CloseLocked();
                _budget.Add(-Interlocked.Exchange(ref _unsent, 0));
            }
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        if (_secure is { } secure)
        {
#if NET
            await secure.WriteAsync(data).ConfigureAwait(false);
#else
            byte[] copy = data.ToArray();
            await secure.WriteAsync(copy, 0, copy.Length).ConfigureAwait(false);
#endif
            return;
        }

        while (!data.IsEmpty)
        {
#if NET
            int sent = await _socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
#else
            if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out ArraySegment<byte> array))
            {
                array = new ArraySegment<byte>(data.ToArray());
            }

            int sent = await _socket.SendAsync(array, SocketFlags.None).ConfigureAwait(false);
#endif
            if (sent <= 0)
            {
                throw new IOException("The connection was closed while sending.");
            }

            data = data.Slice(sent);
        }
    }

    private void FlushLocked()
    {
        _needsFlush = false;
        _budget.Add(_unflushed);
        _unflushed = 0;
        ValueTask<FlushResult> flush = _output.Writer.FlushAsync();

        // The output pipe never pauses its writer (pauseWriterThreshold 0), so the flush is already complete.
        if (flush.IsCompleted)
        {
            _ = flush.Result;
        }
    }

    private void CloseLocked()
    {
        if (!_closed)
        {
            _closed = true;

            // Completing the writer commits what was not flushed: the send loop may still send it, so it is counted.
            _budget.Add(_unflushed);
            _unflushed = 0;
            _output.Writer.Complete();
        }
    }
}
