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
/// bytes are outstanding, and drains or aborts when the server stops.
/// </summary>
internal sealed class StreamServerConnection : ReplyChannel
{
    private readonly IServerConnectionHost _host;
    private readonly Socket _socket;
    private readonly PipeReader _input;
    private readonly StreamReplyWriter _output;
    private readonly RecordFramer _framer;
    private readonly int _maxOutstanding;
    private readonly int _maxPendingBytes;
    private readonly TimeProvider _timeProvider;
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool>? _waiter;
    private int _outstanding;
    private long _lastActivity;
    private volatile bool _stopReading;
    private volatile bool _aborted;

    public StreamServerConnection(IServerConnectionHost host, Socket socket, ServerEndpoint endpoint, EndPoint? remoteEndPoint)
        : base(endpoint)
    {
        _host = host;
        _socket = socket;
        RemoteEndPoint = remoteEndPoint;
        _output = new StreamReplyWriter(socket, host.RecordOptions, this);
        _framer = new RecordFramer(host.RecordOptions);
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

    private bool HasCapacity => Volatile.Read(ref _outstanding) < _maxOutstanding && _output.Unsent <= _maxPendingBytes;

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
        _output.Close();
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

        if (_output.Write(codec, message) is { } error)
        {
            _host.Raise(RpcServerEventKind.HandlerFailed, Endpoint.Transport, remote, xid, error);
            Abort();
        }
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
                await WaitAsync(() => _aborted || Volatile.Read(ref _outstanding) == 0).ConfigureAwait(false);
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
            try
            {
                _output.BeginBatch();

                while (true)
                {
                    if (!HasCapacity || _stopReading)
                    {
                        stoppedEarly = true;
                        break;
                    }

                    if (!_framer.TryRead(ref buffer, out RecordBuffer record))
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

                if (!stoppedEarly)
                {
                    Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());
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
            }

            if (ended)
            {
                return;
            }
        }
    }

    /// <summary>Called by the send loop after replies went out: room for more calls, and a sign of life.</summary>
    internal void OnRepliesSent()
    {
        Interlocked.Exchange(ref _lastActivity, _timeProvider.GetTimestamp());
        Wake();
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
