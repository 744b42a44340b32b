using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Framing;
using OncRpc.Messages;
using OncRpc.Transport;
using OncRpc.Xdr;

namespace OncRpc.Server;

/// <summary>
/// An ONC RPC server: dispatches calls to handlers registered per program, version and procedure, over any number
/// of TCP, UDP and Unix domain socket listeners.
/// </summary>
/// <remarks>
/// <para>
/// Calls are answered as RFC 5531 prescribes: PROG_UNAVAIL for an unknown program, PROG_MISMATCH with the lowest
/// and highest registered versions, PROC_UNAVAIL, GARBAGE_ARGS when the arguments (or the header after the message
/// type) do not decode or trailing bytes follow them, SYSTEM_ERR when a handler throws or times out, RPC_MISMATCH
/// (2, 2) for another RPC protocol version (also over UDP, where Linux rpcbind stays silent: the reply is smaller
/// than the call, so it cannot amplify anything), and AUTH_ERROR when <see cref="RpcServerOptions.Authenticate"/>
/// says so. Procedure 0 of every registered version answers void unless a handler is registered for it.
/// </para>
/// <para>
/// A stream connection's calls are decoded in order; handlers that complete asynchronously run concurrently
/// (up to <see cref="RpcServerOptions.MaxOutstandingCallsPerConnection"/>) and their replies are written as they
/// complete, so replies may come back in another order than the calls.
/// </para>
/// </remarks>
public sealed class RpcServer : IAsyncDisposable
{
    private readonly RpcServerOptions _options;
    private readonly RecordMarkingOptions _recordOptions;
    private readonly XdrReaderOptions? _readerOptions;
    private readonly long[] _counters = new long[(int)RpcServerEventKind.StoppingCallbackFailed + 1];
    private readonly object _gate = new();
    private readonly HashSet<StreamConnection> _connections = [];
    private readonly List<IServerListener> _listeners = [];
    private readonly List<Func<CancellationToken, Task>> _stoppingCallbacks = [];
    private readonly CancellationTokenSource _abort = new();
    private volatile ProcedureTable _table = ProcedureTable.Empty;
    private ITimer? _idleTimer;
    private Task? _stopTask;
    private bool _stopping;
    private bool _closing;

    /// <summary>Initializes a new server with the given options; it accepts nothing until a Listen method is called.</summary>
    /// <param name="options">Limits, clock and hooks; <see langword="null"/> for <see cref="RpcServerOptions.Default"/>.</param>
    public RpcServer(RpcServerOptions? options = null)
    {
        _options = options ?? RpcServerOptions.Default;
        _recordOptions = _options.CreateRecordMarkingOptions();
        _readerOptions = _options.ReaderOptions;
    }

    /// <summary>Gets the options the server was created with.</summary>
    public RpcServerOptions Options => _options;

    /// <summary>Gets the number of stream connections open now.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Gets the endpoints the server listens on, with their transports, in the order they were opened.</summary>
    public IReadOnlyList<RpcServerEndPoint> EndPoints
    {
        get
        {
            lock (_gate)
            {
                return _listeners.Select(l => new RpcServerEndPoint(l.LocalEndPoint, l.Transport)).ToArray();
            }
        }
    }

    /// <summary>Gets the registered programs and their versions, sorted by program then version.</summary>
    public IReadOnlyList<RpcProgramVersion> Programs =>
        _table.Programs
            .SelectMany(p => p.Value.Versions.Keys.Select(v => new RpcProgramVersion(p.Key, v)))
            .OrderBy(p => p.Program).ThenBy(p => p.Version)
            .ToArray();

    internal CancellationToken AbortToken => _abort.Token;

    internal RecordMarkingOptions RecordOptions => _recordOptions;

    /// <summary>Registers an asynchronous handler for one procedure.</summary>
    /// <typeparam name="TArgs">The type of the procedure's arguments.</typeparam>
    /// <typeparam name="TResult">The type of the procedure's results.</typeparam>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="argumentsCodec">Decodes the arguments; anything it throws answers the call with GARBAGE_ARGS.</param>
    /// <param name="resultCodec">Encodes the results.</param>
    /// <param name="handler">
    /// Runs the call. Its token is cancelled when <see cref="RpcServerOptions.HandlerTimeout"/> expires or the server
    /// stops without waiting; an exception answers the call with SYSTEM_ERR.
    /// </param>
    /// <exception cref="InvalidOperationException">The procedure is already registered.</exception>
    public void AddProcedure<TArgs, TResult>(
        uint program,
        uint version,
        uint procedure,
        IXdrCodec<TArgs> argumentsCodec,
        IXdrCodec<TResult> resultCodec,
        Func<TArgs, RpcCallContext, CancellationToken, ValueTask<TResult>> handler)
    {
        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        Add(program, version, procedure, new ProcedureHandler<TArgs, TResult>(this, Check(argumentsCodec), Check(resultCodec), handler, null));
    }

    /// <summary>
    /// Registers a synchronous handler for one procedure. It runs on the thread that read the call, before the next
    /// call of the same connection is read, so it must be quick and must not block.
    /// </summary>
    /// <typeparam name="TArgs">The type of the procedure's arguments.</typeparam>
    /// <typeparam name="TResult">The type of the procedure's results.</typeparam>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="argumentsCodec">Decodes the arguments; anything it throws answers the call with GARBAGE_ARGS.</param>
    /// <param name="resultCodec">Encodes the results.</param>
    /// <param name="handler">Runs the call; an exception answers the call with SYSTEM_ERR.</param>
    /// <exception cref="InvalidOperationException">The procedure is already registered.</exception>
    public void AddProcedure<TArgs, TResult>(
        uint program,
        uint version,
        uint procedure,
        IXdrCodec<TArgs> argumentsCodec,
        IXdrCodec<TResult> resultCodec,
        Func<TArgs, RpcCallContext, TResult> handler)
    {
        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        Add(program, version, procedure, new ProcedureHandler<TArgs, TResult>(this, Check(argumentsCodec), Check(resultCodec), null, handler));
    }

    /// <summary>Starts accepting TCP connections on an endpoint.</summary>
    /// <param name="endPoint">The address and port to bind; port 0 picks a free port.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The endpoint actually bound, with the port the system chose.</returns>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">The server is stopping.</exception>
    public Task<EndPoint> ListenTcpAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        return Task.FromResult(StartStream(socket, endPoint, RpcTransportKind.Tcp));
    }

    /// <summary>Starts accepting connections on a Unix domain stream socket (netid <c>local</c>).</summary>
    /// <param name="endPoint">A Unix domain socket endpoint (<c>UnixDomainSocketEndPoint</c>); the file must not exist yet. It is deleted when the server stops.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The endpoint bound.</returns>
    /// <exception cref="ArgumentException">The endpoint is not a Unix domain socket endpoint.</exception>
    /// <exception cref="SocketException">The endpoint cannot be bound, for example because the file exists.</exception>
    public Task<EndPoint> ListenUnixAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        if (endPoint.AddressFamily != AddressFamily.Unix)
        {
            throw new ArgumentException("A Unix domain socket endpoint is required.", nameof(endPoint));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        return Task.FromResult(StartStream(socket, endPoint, RpcTransportKind.Local));
    }

    /// <summary>Starts receiving UDP datagrams on an endpoint.</summary>
    /// <param name="endPoint">The address and port to bind; port 0 picks a free port.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The endpoint actually bound, with the port the system chose.</returns>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">The server is stopping.</exception>
    public Task<EndPoint> ListenUdpAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(endPoint);
            var listener = new DatagramListener(this, socket);
            Register(listener);
            listener.Start();
            return Task.FromResult(listener.LocalEndPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds work to run when the server starts stopping, before its listeners close and calls in progress drain,
    /// for example removing its registrations from rpcbind so that no new client is sent here. Callbacks run one
    /// after the other in the order they were added; one that throws is reported as
    /// <see cref="RpcServerEventKind.StoppingCallbackFailed"/> and the others still run.
    /// </summary>
    /// <param name="callback">The work; its token is the one given to <see cref="StopAsync"/> (or the dispose timeout).</param>
    /// <exception cref="InvalidOperationException">The server is already stopping.</exception>
    public void AddStoppingCallback(Func<CancellationToken, Task> callback)
    {
        if (callback is null)
        {
            throw new ArgumentNullException(nameof(callback));
        }

        lock (_gate)
        {
            if (_stopping)
            {
                throw new InvalidOperationException("The server is stopping.");
            }

            _stoppingCallbacks.Add(callback);
        }
    }

    /// <summary>Gets how many times an event of the given kind happened since the server was created.</summary>
    /// <param name="kind">The kind of event.</param>
    /// <returns>The count.</returns>
    public long GetEventCount(RpcServerEventKind kind) =>
        (uint)kind < (uint)_counters.Length ? Interlocked.Read(ref _counters[(int)kind]) : 0;

    /// <summary>
    /// Stops the server: closes the listeners, stops reading calls, lets the calls in progress finish and sends
    /// their replies, then closes every connection.
    /// </summary>
    /// <param name="cancellationToken">
    /// When cancelled, the wait for calls in progress ends: their handlers' tokens are cancelled and the
    /// connections are closed without their replies.
    /// </param>
    /// <returns>A task that completes when everything is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Task stop;
        Task<Task>? first = null;
        lock (_gate)
        {
            if (_stopTask is null)
            {
                // Created here, so every caller waits for the same stop, but run below, outside the lock: the
                // stopping callbacks it runs first must not hold the server's lock while their synchronous part runs.
                first = new Task<Task>(() => StopCoreAsync(cancellationToken));
                _stopTask = first.Unwrap();
            }

            stop = _stopTask;
        }

        first?.RunSynchronously();

        if (!stop.IsCompleted)
        {
            using (cancellationToken.Register(static s => ((RpcServer)s!).Abort(), this))
            {
                await stop.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the server as <see cref="StopAsync"/> does, waiting at most <see cref="RpcServerOptions.DisposeTimeout"/> for calls in progress.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource();
        using ITimer timer = _options.TimeProvider.CreateTimer(
            static s => ((CancellationTokenSource)s!).Cancel(), timeout, _options.DisposeTimeout, Timeout.InfiniteTimeSpan);
        await StopAsync(timeout.Token).ConfigureAwait(false);
        _abort.Dispose();
    }

    internal void Count(RpcServerEventKind kind) => Interlocked.Increment(ref _counters[(int)kind]);

    internal void Raise(RpcServerEventKind kind, RpcTransportKind transport, EndPoint? remote, uint xid, Exception? exception)
    {
        Count(kind);
        if (_options.OnEvent is { } onEvent)
        {
            try
            {
                onEvent(new RpcServerEvent(kind, transport, remote, xid, exception));
            }
#pragma warning disable CA1031 // A failing event callback must not take the server down.
            catch
#pragma warning restore CA1031
            {
            }
        }
    }

    internal void SendError(ReplySink sink, EndPoint? remote, RpcReplyHeader header, RpcServerEventKind kind, Exception? exception)
    {
        Raise(kind, sink.Endpoint.Transport, remote, header.Xid, exception);
        EmptyReply.Send(sink, remote, header);
    }

    internal HandlerDeadline? StartDeadline(ReplySink sink, EndPoint? remote, uint xid) =>
        _options.HandlerTimeout == Timeout.InfiniteTimeSpan
            ? null
            : new HandlerDeadline(this, _abort.Token, _options.TimeProvider, _options.HandlerTimeout, sink, remote, xid);

    /// <summary>Decodes one call message and answers it. Never throws.</summary>
    internal void Dispatch(ReadOnlySpan<byte> message, ReplySink sink, EndPoint? remote)
    {
        RpcTransportKind transport = sink.Endpoint.Transport;
        if (message.Length < 8)
        {
            Raise(RpcServerEventKind.MalformedMessage, transport, remote, 0, null);
            return;
        }

        uint xid = BinaryPrimitives.ReadUInt32BigEndian(message);
        if (BinaryPrimitives.ReadUInt32BigEndian(message.Slice(4)) != (uint)MessageType.Call)
        {
            Raise(RpcServerEventKind.NotACall, transport, remote, xid, null);
            return;
        }

        if (message.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(message.Slice(8)) != RpcMessage.ProtocolVersion)
        {
            SendError(sink, remote, RpcReplyHeader.RpcMismatch(xid, RpcMessage.ProtocolVersion, RpcMessage.ProtocolVersion), RpcServerEventKind.RpcVersionMismatch, null);
            return;
        }

        var reader = new XdrReader(message, _readerOptions);
        RpcCallHeader header;
        try
        {
            header = RpcMessage.ReadCall(ref reader);
        }
        catch (Exception ex) when (ex is XdrException or RpcProtocolException or ArgumentException)
        {
            SendError(sink, remote, RpcReplyHeader.GarbageArguments(xid), RpcServerEventKind.GarbageArguments, ex);
            return;
        }

        RpcCallContext? context = null;
        if (_options.Authenticate is { } authenticate)
        {
            context = new RpcCallContext(in header, sink.Endpoint, remote);
            AuthStatus status;
            try
            {
                status = authenticate(context);
            }
#pragma warning disable CA1031 // A failing hook rejects the call; it must not take the server down.
            catch
#pragma warning restore CA1031
            {
                status = AuthStatus.Failed;
            }

            if (status != AuthStatus.Ok)
            {
                SendError(sink, remote, RpcReplyHeader.AuthError(xid, status), RpcServerEventKind.AuthenticationFailed, null);
                return;
            }
        }

        if (!_table.Programs.TryGetValue(header.Program, out ProgramEntry? program))
        {
            SendError(sink, remote, RpcReplyHeader.ProgramUnavailable(xid), RpcServerEventKind.ProgramUnavailable, null);
            return;
        }

        if (!program.Versions.TryGetValue(header.Version, out Dictionary<uint, ProcedureHandler>? procedures))
        {
            SendError(sink, remote, RpcReplyHeader.ProgramMismatch(xid, program.Low, program.High), RpcServerEventKind.ProgramMismatch, null);
            return;
        }

        if (!procedures.TryGetValue(header.Procedure, out ProcedureHandler? handler))
        {
            if (header.Procedure != 0)
            {
                SendError(sink, remote, RpcReplyHeader.ProcedureUnavailable(xid), RpcServerEventKind.ProcedureUnavailable, null);
                return;
            }

            if (!reader.IsAtEnd)
            {
                SendError(sink, remote, RpcReplyHeader.GarbageArguments(xid), RpcServerEventKind.GarbageArguments, null);
                return;
            }

            EmptyReply.Send(sink, remote, RpcReplyHeader.Success(xid, OpaqueAuth.None));
            Count(RpcServerEventKind.CallCompleted);
            return;
        }

        handler.Invoke(ref reader, context ?? new RpcCallContext(in header, sink.Endpoint, remote), sink, remote);
    }

    internal bool TryAddConnection(StreamConnection connection)
    {
        lock (_gate)
        {
            if (_closing || _connections.Count >= _options.MaxConnections)
            {
                return false;
            }

            _connections.Add(connection);
            return true;
        }
    }

    internal void RemoveConnection(StreamConnection connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    private static IXdrCodec<T> Check<T>(IXdrCodec<T> codec) => codec ?? throw new ArgumentNullException(nameof(codec));

    private void Add(uint program, uint version, uint procedure, ProcedureHandler handler)
    {
        lock (_gate)
        {
            _table = _table.With(program, version, procedure, handler);
        }
    }

    private EndPoint StartStream(Socket socket, EndPoint endPoint, RpcTransportKind transport)
    {
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
            var listener = new StreamListener(this, socket, transport, transport == RpcTransportKind.Local ? endPoint : null);
            Register(listener);
            listener.Start();
            return listener.LocalEndPoint;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Register(IServerListener listener)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                throw new InvalidOperationException("The server is stopping.");
            }

            _listeners.Add(listener);
            if (_idleTimer is null && _options.IdleTimeout != Timeout.InfiniteTimeSpan)
            {
                TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, _options.IdleTimeout.Ticks / 4));
                _idleTimer = _options.TimeProvider.CreateTimer(static s => ((RpcServer)s!).CloseIdleConnections(), this, period, period);
            }
        }
    }

    private void CloseIdleConnections()
    {
        StreamConnection[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _connections];
        }

        long now = _options.TimeProvider.GetTimestamp();
        foreach (StreamConnection connection in snapshot)
        {
            if (connection.IsIdleSince(now, _options.IdleTimeout))
            {
                Raise(RpcServerEventKind.IdleConnectionClosed, connection.Endpoint.Transport, connection.RemoteEndPoint, 0, null);
                connection.Abort();
            }
        }
    }

    private void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        StreamConnection[] connections;
        IServerListener[] listeners;
        lock (_gate)
        {
            connections = [.. _connections];
            listeners = [.. _listeners];
        }

        foreach (StreamConnection connection in connections)
        {
            connection.Abort();
        }

        foreach (IServerListener listener in listeners)
        {
            listener.Abort();
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        IServerListener[] listeners;
        Func<CancellationToken, Task>[] callbacks;
        lock (_gate)
        {
            _stopping = true;
            callbacks = [.. _stoppingCallbacks];
        }

        foreach (Func<CancellationToken, Task> callback in callbacks)
        {
            try
            {
                await callback(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failing callback is reported; the server still stops.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Raise(RpcServerEventKind.StoppingCallbackFailed, RpcTransportKind.Tcp, null, 0, ex);
            }
        }

        lock (_gate)
        {
            _closing = true;
            listeners = [.. _listeners];
            _idleTimer?.Dispose();
        }

        // Listeners stop accepting first, so no connection is added once the snapshot below is taken.
        foreach (IServerListener listener in listeners)
        {
            listener.StopAccepting();
        }

        await Task.WhenAll(listeners.Select(l => l.AcceptLoop)).ConfigureAwait(false);

        StreamConnection[] connections;
        lock (_gate)
        {
            connections = [.. _connections];
        }

        foreach (StreamConnection connection in connections)
        {
            connection.BeginDrain();
        }

        await Task.WhenAll(connections.Select(c => c.Completion).Concat(listeners.Select(l => l.Completion))).ConfigureAwait(false);
    }
}
