using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Xdr;

namespace OncRpc.Server.Transport;

/// <summary>
/// One accepted TCP or Unix socket connection, the server side's counterpart of the client's stream transport:
/// reads records through a <see cref="RecordFramer"/>, hands each to its <see cref="IServerConnectionHost"/>, and
/// sends the replies through a <see cref="StreamReplyWriter"/>; it throttles reading while too many calls or reply
/// bytes are outstanding (its own, or beyond its share of the server-wide <see cref="ReplyBudget"/>), tells the
/// registry whether it is busy or idle and since when, and drains or aborts when the server stops.
/// </summary>
internal sealed class StreamServerConnection : ReplyChannel
{
    private readonly IServerConnectionHost _host;
    private readonly Socket _socket;
    private readonly StreamReplyWriter _output;
    private PipeReader _input;

    // Whether the call just dispatched was the RPC-with-TLS probe: the connection then stops reading in clear text
    // and starts TLS once the STARTTLS answer is out.
    private bool _startTls;
    private readonly RecordFramer _framer;
    private readonly int _maxOutstanding;
    private readonly int _maxPendingBytes;
    private readonly TimeProvider _timeProvider;
    private readonly ReplyBudget _budget;
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WakeSignal _signal = new();
    private int _outstanding;
    private long _lastActivity;
    private long _lastUseful;
    private volatile bool _dispatching;
    private volatile bool _stopReading;
    private volatile bool _aborted;

    public StreamServerConnection(IServerConnectionHost host, Socket socket, ServerEndpoint endpoint, EndPoint? remoteEndPoint)
        : base(endpoint)
    {
        _host = host;
        _socket = socket;
        RemoteEndPoint = remoteEndPoint;
        PeerKey = PeerKeyOf(remoteEndPoint, endpoint);
        _budget = host.ReplyBudget;
        _output = new StreamReplyWriter(socket, host.RecordOptions, _budget, this);
        _framer = new RecordFramer(host.RecordOptions);
        _maxOutstanding = host.Options.MaxOutstandingCallsPerConnection;
        _maxPendingBytes = host.Options.MaxPendingReplyBytes;
        _timeProvider = host.Options.TimeProvider;
        _lastActivity = _timeProvider.GetTimestamp();
        _lastUseful = _lastActivity;
        _input = PipeReader.Create(
            new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
    }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets who the peer is for <see cref="RpcServerOptions.MaxConnectionShare"/>: its IP address, or its user id on a Unix socket.</summary>
    public object PeerKey { get; }

    public Task Completion => _completion.Task;

    /// <summary>
    /// Gets whether a call read from this connection is being handled (dispatched now, or its handler still running)
    /// or replies wait to be sent: such a connection is never evicted to make room for another.
    /// </summary>
    public bool IsBusy => _dispatching || Volatile.Read(ref _outstanding) > 0 || _output.Unsent > 0;

    /// <summary>Gets when the connection was accepted, last completed a record or last had replies sent: its idle age for eviction.</summary>
    public long LastUseful => Interlocked.Read(ref _lastUseful);

    private bool HasCapacity
    {
        get
        {
            long unsent = _output.Unsent;
            return Volatile.Read(ref _outstanding) < _maxOutstanding && unsent <= _maxPendingBytes && _budget.Allows(unsent);
        }
    }

    public void Start() => _ = Task.Run(RunAsync);

    public bool IsIdleSince(long now, TimeSpan idleTimeout) =>
        !_aborted && Volatile.Read(ref _outstanding) == 0 && _timeProvider.GetElapsedTime(Interlocked.Read(ref _lastActivity), now) >= idleTimeout;

    public void BeginDrain()
    {
        _stopReading = true;
        _input.CancelPendingRead();
        _signal.Wake();
    }

    public void Abort()
    {
        _aborted = true;
        _stopReading = true;
        _output.Close();
        try
        {
            _socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }

        _input.CancelPendingRead();
        _signal.Wake();
    }

    public override ReplyOutcome SendReply<T>(EndPoint? remote, uint xid, IXdrCodec<T> codec, in T message)
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
            return ReplyOutcome.ReplacedWithSystemError;
        }

        if (_output.Write(codec, message) is { } error)
        {
            _host.Raise(RpcServerEventKind.HandlerFailed, Endpoint.Transport, remote, xid, error);
            Abort();
            return ReplyOutcome.NotSent;
        }

        return ReplyOutcome.Sent;
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
        _signal.Wake();
    }

    private async Task RunAsync()
    {
        Task send = _output.RunAsync();
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
                await _signal.WaitAsync(() => _aborted || Volatile.Read(ref _outstanding) == 0).ConfigureAwait(false);
            }

            _output.FlushAndClose();
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
            _output.Secure?.Dispose();
            _framer.Reset();
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
                _host.Count(RpcServerEventKind.Throttled, Endpoint.Transport);
                await _signal.WaitAsync(() => _stopReading || HasCapacity).ConfigureAwait(false);
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
            bool dispatched = false;
            long behindProbe = 0;
            try
            {
                _output.BeginBatch();
                _dispatching = true;

                while (true)
                {
                    if (!HasCapacity || _stopReading)
                    {
                        stoppedEarly = true;
                        break;
                    }

                    // After the AUTH_TLS probe nothing more is read in clear text: the next bytes are the TLS handshake.
                    if (_startTls || !_framer.TryRead(ref buffer, out RecordBuffer record))
                    {
                        break;
                    }

                    dispatched = true;
                    try
                    {
                        _host.Dispatch(record.Span, this, RemoteEndPoint);
                    }
                    finally
                    {
                        record.Dispose();
                    }
                }

                long now = dispatched || !stoppedEarly ? _timeProvider.GetTimestamp() : 0;
                if (dispatched)
                {
                    Interlocked.Exchange(ref _lastUseful, now);
                }

                behindProbe = buffer.Length;
                if (!stoppedEarly)
                {
                    Interlocked.Exchange(ref _lastActivity, now);
                    if (result.IsCompleted)
                    {
                        if (_framer.IsInsideRecord(buffer))
                        {
                            throw new RpcProtocolException(
                                $"The connection ended inside a record: {_framer.PendingBytes(buffer)} bytes of an incomplete record were received.");
                        }

                        ended = true;
                    }
                }
            }
            finally
            {
                _input.AdvanceTo(buffer.Start, stoppedEarly ? buffer.Start : buffer.End);
                _output.EndBatch();
                _dispatching = false;
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

        await _signal.WaitAsync(() => _aborted || _stopReading || (Volatile.Read(ref _outstanding) == 0 && _output.Unsent == 0)).ConfigureAwait(false);
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
            _output.Secure = stream;
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

    /// <summary>Called by the send loop after replies went out: room for more calls, and a sign of life.</summary>
    internal void OnRepliesSent()
    {
        long now = _timeProvider.GetTimestamp();
        Interlocked.Exchange(ref _lastActivity, now);
        Interlocked.Exchange(ref _lastUseful, now);
        _signal.Wake();
    }

    private static object PeerKeyOf(EndPoint? remote, ServerEndpoint endpoint) => remote switch
    {
        IPEndPoint { Address: { IsIPv4MappedToIPv6: true } mapped } => mapped.MapToIPv4(),
        IPEndPoint ip => ip.Address,
        _ => endpoint.PeerUserId is uint uid ? uid : endpoint.Transport,
    };
}
