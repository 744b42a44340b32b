using System.Buffers;
using System.IO.Pipelines;

namespace OncRpc.Framing;

/// <summary>
/// Reads records (RFC 5531 section 11) from a <see cref="PipeReader"/> and hands each complete one to an
/// <see cref="IRecordHandler"/>.
/// </summary>
/// <remarks>
/// <para>
/// Use <see cref="RunAsync"/> for a connection's receive loop: it delivers records until the peer closes the
/// stream and completes the pipe reader when it stops. <see cref="ReadAsync"/> is one step of that loop, for callers
/// that drive it themselves.
/// </para>
/// <para>
/// Both follow the pipe conventions: every read is followed by <see cref="PipeReader.AdvanceTo(SequencePosition, SequencePosition)"/>
/// on every path, consuming the records delivered and examining everything, so that when a record is incomplete
/// the next read waits for more bytes instead of spinning. Records are delivered synchronously, before the pipe
/// memory they lie in is released, so a record that arrived as one fragment in one segment is never copied.
/// </para>
/// <para>
/// A record still incomplete once 16 KiB of it are buffered is not left in the pipe: its bytes are consumed as they
/// arrive and assembled in a pooled buffer that grows with the bytes received (never to the announced size), so the
/// unconsumed bytes stay below the pipe's default pause threshold and a large record cannot stall the writer.
/// </para>
/// <para>
/// An instance is not thread-safe: run one loop per pipe reader.
/// </para>
/// </remarks>
public sealed class RecordReader
{
    /// <summary>
    /// Once this many bytes of a still incomplete record are buffered, the reader stops leaving them in the pipe and
    /// assembles the record in a pooled buffer as its bytes arrive (see <see cref="RecordFramer"/>).
    /// </summary>
    internal const int AssemblyThreshold = RecordFramer.AssemblyThreshold;

    private readonly PipeReader _reader;
    private readonly RecordFramer _framer;

    /// <summary>Initializes a reader over <paramref name="reader"/>.</summary>
    /// <param name="reader">The pipe to read from.</param>
    /// <param name="options">The limits to enforce; <see langword="null"/> for <see cref="RecordMarkingOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    public RecordReader(PipeReader reader, RecordMarkingOptions? options = null)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _framer = new RecordFramer(options ?? RecordMarkingOptions.Default);
    }

    /// <summary>Gets the limits this reader enforces.</summary>
    public RecordMarkingOptions Options => _framer.Options;

    /// <summary>
    /// Waits for bytes from the pipe once, and delivers every record that is then complete to
    /// <paramref name="handler"/>.
    /// </summary>
    /// <param name="handler">The handler to call, synchronously, for each complete record.</param>
    /// <param name="cancellationToken">A token to cancel the wait.</param>
    /// <returns><see langword="true"/> when more records may follow; <see langword="false"/> when the peer closed the stream at a record boundary, or the pending read was cancelled with <see cref="PipeReader.CancelPendingRead"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="RpcProtocolException">A record exceeds the limits of <see cref="Options"/>, or the stream ended inside a record. The connection should be closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// This method does not complete the pipe reader; the caller does, also after an exception. An exception thrown
    /// by the handler propagates; the record it was given and those before it count as consumed.
    /// </remarks>
    public ValueTask<bool> ReadAsync(IRecordHandler handler, CancellationToken cancellationToken = default)
    {
        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        ValueTask<ReadResult> read = _reader.ReadAsync(cancellationToken);
        return read.IsCompletedSuccessfully
            ? new ValueTask<bool>(Process(read.Result, handler))
            : AwaitAndProcessAsync(read, handler);
    }

    /// <summary>
    /// Delivers records to <paramref name="handler"/> until the peer closes the stream, then completes the pipe reader.
    /// </summary>
    /// <param name="handler">The handler to call, synchronously, for each complete record.</param>
    /// <param name="cancellationToken">A token to stop the loop.</param>
    /// <returns>A task that completes when the stream ended at a record boundary or the pending read was cancelled with <see cref="PipeReader.CancelPendingRead"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    /// <exception cref="RpcProtocolException">A record exceeds the limits of <see cref="Options"/>, or the stream ended inside a record.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// The pipe reader is completed on every exit, with the exception when there is one (including one thrown by
    /// the handler), so the writing side learns why reading stopped.
    /// </remarks>
    public async Task RunAsync(IRecordHandler handler, CancellationToken cancellationToken = default)
    {
        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (!Process(result, handler))
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            _reader.Complete(error);
        }
    }

    private async ValueTask<bool> AwaitAndProcessAsync(ValueTask<ReadResult> read, IRecordHandler handler)
    {
        ReadResult result = await read.ConfigureAwait(false);
        return Process(result, handler);
    }

    private bool Process(ReadResult result, IRecordHandler handler)
    {
        ReadOnlySequence<byte> buffer = result.Buffer;
        try
        {
            while (_framer.TryRead(ref buffer, out RecordBuffer record))
            {
                try
                {
                    handler.OnRecord(record.Span);
                }
                finally
                {
                    record.Dispose();
                }
            }

            if (result.IsCompleted)
            {
                if (_framer.IsInsideRecord(buffer))
                {
                    throw new RpcProtocolException(
                        $"The stream ended inside a record: {_framer.PendingBytes(buffer)} bytes of an incomplete record were received.");
                }

                return false;
            }

            return !result.IsCanceled;
        }
        catch
        {
            _framer.Reset();
            throw;
        }
        finally
        {
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
