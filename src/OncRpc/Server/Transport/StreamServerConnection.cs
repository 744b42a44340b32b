using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Xdr;

namespace OncRpc.Server.Transport;

/// <summary>
/// One accepted TCP or Unix socket connection: reads records, dispatches them, and sends replies through an
/// in-memory pipe drained by a send loop, so replies of concurrent handlers never interleave.
/// </summary>
internal sealed class StreamServerConnection : ReplyChannel
{
    private static readonly PipeOptions OutputPipeOptions = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false);

    private readonly IServerConnectionHost _host;
    private readonly Socket _socket;
    private PipeReader _input;

    // RPC-with-TLS: the TLS stream over _socket once the handshake is done (then every byte goes through it); and
    // whether the call just dispatched was the probe, after which the connection stops reading to start TLS.
#pragma warning disable CS0649 // Assigned only in the net10.0 build; netstandard2.0 has no RPC-with-TLS.
    private volatile Stream? _secure;
#pragma warning restore CS0649
    private bool _startTls;
    private readonly Pipe _output = new(OutputPipeOptions);
    private readonly object _writeLock = new();
    private readonly RecordMarkingOptions _recordOptions;
    private readonly int _maxOutstanding;
    private readonly int _maxPendingBytes;
    private readonly TimeProvider _timeProvider;
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool>? _waiter;
    private int _outstanding;
    private long _unsent;
    private long _lastActivity;
    private bool _inBatch;
    private bool _needsFlush;
    private bool _outputClosed;
    private volatile bool _stopReading;
    private volatile bool _aborted;

    public StreamServerConnection(IServerConnectionHost host, Socket socket, ServerEndpoint endpoint, EndPoint? remoteEndPoint)
        : base(endpoint)
    {
        _host = host;
        _socket = socket;
        RemoteEndPoint = remoteEndPoint;
        _recordOptions = host.RecordOptions;
        _maxOutstanding = host.Options.MaxOutstandingCallsPerConnection;
        _maxPendingBytes = host.Options.MaxPendingReplyBytes;
        _timeProvider = host.Options.TimeProvider;
        _lastActivity = _timeProvider.GetTimestamp();
        _input = PipeReader.Create(
            new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
    }

    public EndPoint? RemoteEndPoint { get; }

    public Task Completion => _completion.Task;

    private bool HasCapacity => Volatile.Read(ref _outstanding) < _maxOutstanding && Interlocked.Read(ref _unsent) <= _maxPendingBytes;

    public void Start() => _ = Task.Run(RunAsync);

    public bool IsIdleSince(long now, TimeSpan idleTimeout) =>
        !_aborted && Volatile.Read(ref _outstanding) == 0 && _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity), now) >= idleTimeout;

    public void BeginDrain()
    {
        _stopReading = true;
        _input.CancelPendingRead();
        Wake();
    }

    public void Abort()
    {
        _aborted = true;
        _stopReading = true;
        CloseOutput();
        try
        {
            _socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }

        _input.CancelPendingRead();
        Wake();
    }

    public override void SendReply<T>(EndPoint? remote, uint xid, IXdrCodec<T> codec, in T message)
    {
        try
        {
            _ = codec.GetEncodedSize(message);
        }
#pragma warning disable CA1031 // A results codec that cannot size its value turns the reply into SYSTEM_ERR.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _host.ReplyFailed(this, remote, xid, RpcServerEventKind.HandlerFailed, ex);
            return;
        }

        lock (_writeLock)
        {
            if (_outputClosed)
            {
                return;
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
                _host.Raise(RpcServerEventKind.HandlerFailed, Endpoint.Transport, remote, xid, ex);
                Abort();
                return;
            }

            Interlocked.Add(ref _unsent, writer.UnflushedBytes - before);
            if (_inBatch)
            {
                _needsFlush = true;
            }
            else
            {
                FlushLocked();
            }
        }
    }

    public override bool TryBeginTls()
    {
        if (_startTls || Endpoint.Tls is not null || Endpoint.TlsSettings is null)
        {
            return false;
        }

        _startTls = true;
        return true;
    }

    public override void BeginAsyncCall() => Interlocked.Increment(ref _outstanding);

    public override void EndAsyncCall()
    {
        Interlocked.Decrement(ref _outstanding);
        Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());
        Wake();
    }

    private async Task RunAsync()
    {
        Task send = SendLoopAsync();
        try
        {
            await ReceiveLoopAsync().ConfigureAwait(false);
        }
        catch (RpcProtocolException ex)
        {
            _host.Raise(RpcServerEventKind.ProtocolError, Endpoint.Transport, RemoteEndPoint, 0, ex);
        }
#pragma warning disable CA1031 // A reset or closed socket ends this connection only.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        try
        {
            while (!_aborted && Volatile.Read(ref _outstanding) > 0)
            {
                await WaitAsync(() => _aborted || Volatile.Read(ref _outstanding) == 0).ConfigureAwait(false);
            }

            lock (_writeLock)
            {
                if (!_outputClosed && _needsFlush)
                {
                    FlushLocked();
                }
            }

            CloseOutput();
            await send.ConfigureAwait(false);
        }
        finally
        {
            try
            {
                if (!_aborted)
                {
                    _socket.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            _socket.Dispose();
            _input.Complete();
            _secure?.Dispose();
            _host.Remove(this);
            _host.Raise(RpcServerEventKind.ConnectionClosed, Endpoint.Transport, RemoteEndPoint, 0, null);
            _completion.TrySetResult(true);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        while (!_stopReading)
        {
            if (!HasCapacity)
            {
                _host.Count(RpcServerEventKind.Throttled);
                await WaitAsync(() => _stopReading || HasCapacity).ConfigureAwait(false);
                continue;
            }

            ReadResult result = await _input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled)
            {
                _input.AdvanceTo(result.Buffer.Start);
                continue;
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            bool stoppedEarly = false;
            bool ended = false;
            long behindProbe = 0;
            try
            {
                lock (_writeLock)
                {
                    _inBatch = true;
                }

                while (true)
                {
                    if (!HasCapacity || _stopReading)
                    {
                        stoppedEarly = true;
                        break;
                    }

                    // After the AUTH_TLS probe nothing more is read in clear text: the next bytes are the TLS handshake.
                    if (_startTls || !RecordMarking.TryReadRecord(ref buffer, _recordOptions, out RecordBuffer record))
                    {
                        break;
                    }

                    try
                    {
                        _host.Dispatch(record.Span, this, RemoteEndPoint);
                    }
                    finally
                    {
                        record.Dispose();
                    }
                }

                behindProbe = buffer.Length;
                if (!stoppedEarly)
                {
                    Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());
                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty)
                        {
                            throw new RpcProtocolException(
                                $"The connection ended inside a record: {buffer.Length} bytes of an incomplete record were received.");
                        }

                        ended = true;
                    }
                }
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, stoppedEarly ? buffer.Start : buffer.End);
                lock (_writeLock)
                {
                    _inBatch = false;
                    if (_needsFlush && !_outputClosed)
                    {
                        FlushLocked();
                    }
                }
            }

            if (ended)
            {
                return;
            }

            if (_startTls)
            {
                _startTls = false;
                if (!await StartTlsAsync(behindProbe).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Runs the server side of RPC-with-TLS after the STARTTLS answer was queued: waits until it is written (and every
    /// call still running has answered in clear text), then the handshake; afterwards records are read from and
    /// replies written to the TLS stream. <see langword="false"/> ends the connection.
    /// </summary>
    private async Task<bool> StartTlsAsync(long bytesBehindProbe)
    {
#if NET
        if (bytesBehindProbe > 0)
        {
            // RFC 9289: the client waits for the answer before its ClientHello, so these can only be clear-text
            // calls, which must not be answered, or a handshake started blindly.
            _host.Raise(RpcServerEventKind.TlsHandshakeFailed, Endpoint.Transport, RemoteEndPoint, 0, new RpcProtocolException(
                $"The client sent {bytesBehindProbe} bytes behind its AUTH_TLS probe, before the STARTTLS answer."));
            return false;
        }

        await WaitAsync(() => _aborted || _stopReading || (Volatile.Read(ref _outstanding) == 0 && Interlocked.Read(ref _unsent) == 0)).ConfigureAwait(false);
        if (_aborted || _stopReading)
        {
            return false;
        }

        ServerTlsSettings settings = Endpoint.TlsSettings!;
        try
        {
            (System.Net.Security.SslStream stream, RpcTlsInfo info) = await Tls.TlsServerHandshake.AuthenticateAsync(
                _socket, settings.Authentication, settings.HandshakeTimeout, _timeProvider, CancellationToken.None).ConfigureAwait(false);
            await _input.CompleteAsync().ConfigureAwait(false);
            // No zero-byte reads over TLS: SslStream turns each into a wait plus a second read, a cost per call that showed
            // in sequential NULL calls; the price is the 16 KiB buffer an idle TLS connection keeps rented.
            _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: false));
            _secure = stream;
            Endpoint.Tls = info;
            _host.Raise(RpcServerEventKind.TlsStarted, Endpoint.Transport, RemoteEndPoint, 0, null);
            return true;
        }
        catch (Exception ex) when (ex is RpcTlsException or OperationCanceledException)
        {
            _host.Raise(RpcServerEventKind.TlsHandshakeFailed, Endpoint.Transport, RemoteEndPoint, 0, ex);
            return false;
        }
#else
        _ = bytesBehindProbe;
        await Task.CompletedTask.ConfigureAwait(false);
        return false;
#endif
    }

    private async Task SendLoopAsync()
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
                    Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());
                    Wake();
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
            Abort();
        }
        finally
        {
            reader.Complete();
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
        ValueTask<FlushResult> flush = _output.Writer.FlushAsync();

        // The output pipe never pauses its writer (pauseWriterThreshold 0), so the flush is already complete.
        if (flush.IsCompleted)
        {
            _ = flush.Result;
        }
    }

    private void CloseOutput()
    {
        lock (_writeLock)
        {
            if (!_outputClosed)
            {
                _outputClosed = true;
                _output.Writer.Complete();
            }
        }
    }

    private void Wake() => Interlocked.Exchange(ref _waiter, null)?.TrySetResult(true);

    private async Task WaitAsync(Func<bool> done)
    {
        var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waiter, waiter);
        if (!done())
        {
            await waiter.Task.ConfigureAwait(false);
        }

        Interlocked.CompareExchange(ref _waiter, null, waiter);
    }
}
