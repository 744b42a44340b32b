using System.Net;
using System.Net.Sockets;
using OncRpc.Server.Transport;
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
    private readonly ServerEvents _events;
    private readonly ConnectionRegistry _connections;
    private readonly ServerLifetime _lifetime;
    private readonly CallDispatcher _dispatcher;
    private readonly ConnectionHost _host;

    /// <summary>Initializes a new server with the given options; it accepts nothing until a Listen method is called.</summary>
    /// <param name="options">Limits, clock and hooks; <see langword="null"/> for <see cref="RpcServerOptions.Default"/>.</param>
    public RpcServer(RpcServerOptions? options = null)
    {
        _options = options ?? RpcServerOptions.Default;
        _events = new ServerEvents(_options.OnEvent, new ServerTelemetry(_options.MeterFactory));
        _connections = new ConnectionRegistry(_options, _events);
        _lifetime = new ServerLifetime(_connections, _events);
        _dispatcher = new CallDispatcher(_options, _events, _lifetime.AbortToken);
        _host = new ConnectionHost(_options, _dispatcher, _connections, _events);
    }

    /// <summary>Gets the options the server was created with.</summary>
    public RpcServerOptions Options => _options;

    /// <summary>Gets the number of stream connections open now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Gets the reply bytes written for stream connections and not yet taken by their sockets (tests and benchmarks).</summary>
    internal long PendingReplyBytes => _connections.ReplyBudget.Total;

    /// <summary>Gets the number of open stream connections that are idle, i.e. could be evicted (tests).</summary>
    internal int IdleConnectionCount => _connections.CountIdle();

    /// <summary>Gets the endpoints the server listens on, with their transports, in the order they were opened.</summary>
    public IReadOnlyList<RpcServerEndPoint> EndPoints => _lifetime.EndPoints;

    /// <summary>Gets the registered programs and their versions, sorted by program then version.</summary>
    public IReadOnlyList<RpcProgramVersion> Programs => _dispatcher.Programs;

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

        _dispatcher.Add(program, version, procedure, new ProcedureHandler<TArgs, TResult>(_dispatcher, Check(argumentsCodec), Check(resultCodec), handler, null, null));
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

        _dispatcher.Add(program, version, procedure, new ProcedureHandler<TArgs, TResult>(_dispatcher, Check(argumentsCodec), Check(resultCodec), null, handler, null));
    }

    /// <summary>Registers an asynchronous handler for a named procedure; traces and metrics show its calls by these names.</summary>
    /// <typeparam name="TArgs">The type of the procedure's arguments.</typeparam>
    /// <typeparam name="TResult">The type of the procedure's results.</typeparam>
    /// <param name="procedure">The program, version and procedure, with their names.</param>
    /// <param name="argumentsCodec">Decodes the arguments; anything it throws answers the call with GARBAGE_ARGS.</param>
    /// <param name="resultCodec">Encodes the results.</param>
    /// <param name="handler">
    /// Runs the call. Its token is cancelled when <see cref="RpcServerOptions.HandlerTimeout"/> expires or the server
    /// stops without waiting; an exception answers the call with SYSTEM_ERR.
    /// </param>
    /// <exception cref="InvalidOperationException">The procedure is already registered.</exception>
    public void AddProcedure<TArgs, TResult>(
        RpcProcedure procedure,
        IXdrCodec<TArgs> argumentsCodec,
        IXdrCodec<TResult> resultCodec,
        Func<TArgs, RpcCallContext, CancellationToken, ValueTask<TResult>> handler)
    {
        if (procedure is null)
        {
            throw new ArgumentNullException(nameof(procedure));
        }

        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        _dispatcher.Add(procedure.Program, procedure.Version, procedure.Procedure, new ProcedureHandler<TArgs, TResult>(_dispatcher, Check(argumentsCodec), Check(resultCodec), handler, null, procedure));
    }

    /// <summary>
    /// Registers a synchronous handler for a named procedure; traces and metrics show its calls by these names. It
    /// runs on the thread that read the call, before the next call of the same connection is read, so it must be
    /// quick and must not block.
    /// </summary>
    /// <typeparam name="TArgs">The type of the procedure's arguments.</typeparam>
    /// <typeparam name="TResult">The type of the procedure's results.</typeparam>
    /// <param name="procedure">The program, version and procedure, with their names.</param>
    /// <param name="argumentsCodec">Decodes the arguments; anything it throws answers the call with GARBAGE_ARGS.</param>
    /// <param name="resultCodec">Encodes the results.</param>
    /// <param name="handler">Runs the call; an exception answers the call with SYSTEM_ERR.</param>
    /// <exception cref="InvalidOperationException">The procedure is already registered.</exception>
    public void AddProcedure<TArgs, TResult>(
        RpcProcedure procedure,
        IXdrCodec<TArgs> argumentsCodec,
        IXdrCodec<TResult> resultCodec,
        Func<TArgs, RpcCallContext, TResult> handler)
    {
        if (procedure is null)
        {
            throw new ArgumentNullException(nameof(procedure));
        }

        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        _dispatcher.Add(procedure.Program, procedure.Version, procedure.Procedure, new ProcedureHandler<TArgs, TResult>(_dispatcher, Check(argumentsCodec), Check(resultCodec), null, handler, procedure));
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
        return Task.FromResult(StartStream(socket, endPoint, RpcTransportKind.Tcp, null));
    }

    /// <summary>
    /// Starts accepting TCP connections that offer RPC-with-TLS (RFC 9289): a NULL call with the <c>AUTH_TLS</c>
    /// credential is answered with the <c>STARTTLS</c> verifier and the connection goes on in TLS 1.3 with ALPN
    /// <c>sunrpc</c>; calls see the session in <see cref="RpcCallContext.Tls"/>.
    /// </summary>
    /// <param name="endPoint">The address and port to bind; port 0 picks a free port.</param>
    /// <param name="tls">The TLS settings: the server's certificate, client authentication, whether clear text is served.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The endpoint actually bound, with the port the system chose.</returns>
    /// <exception cref="ArgumentException">The TLS options name no server certificate, or enable protocols below TLS 1.3.</exception>
    /// <exception cref="PlatformNotSupportedException">The netstandard2.0 build, which has no ALPN and no TLS 1.3.</exception>
    /// <exception cref="SocketException">The endpoint cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">The server is stopping.</exception>
    public Task<EndPoint> ListenTcpAsync(IPEndPoint endPoint, RpcServerTlsOptions tls, CancellationToken cancellationToken = default)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        ServerTlsSettings settings = ServerTlsSettings.Create(tls);
        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        return Task.FromResult(StartStream(socket, endPoint, RpcTransportKind.Tcp, settings));
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
        return Task.FromResult(StartStream(socket, endPoint, RpcTransportKind.Local, null));
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
            var listener = new DatagramListener(_host, socket);
            _lifetime.Register(listener);
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

        _lifetime.AddStoppingCallback(callback);
    }

    /// <summary>Gets how many times an event of the given kind happened since the server was created.</summary>
    /// <param name="kind">The kind of event.</param>
    /// <returns>The count.</returns>
    public long GetEventCount(RpcServerEventKind kind) => _events.Get(kind);

    /// <summary>
    /// Stops the server: closes the listeners, stops reading calls, lets the calls in progress finish and sends
    /// their replies, then closes every connection.
    /// </summary>
    /// <param name="cancellationToken">
    /// When cancelled, the wait for calls in progress ends: their handlers' tokens are cancelled and the
    /// connections are closed without their replies.
    /// </param>
    /// <returns>A task that completes when everything is closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _lifetime.StopAsync(cancellationToken);

    /// <summary>Stops the server as <see cref="StopAsync"/> does, waiting at most <see cref="RpcServerOptions.DisposeTimeout"/> for calls in progress.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource();
        using ITimer timer = _options.TimeProvider.CreateTimer(
            static s => ((CancellationTokenSource)s!).Cancel(), timeout, _options.DisposeTimeout, Timeout.InfiniteTimeSpan);
        await StopAsync(timeout.Token).ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private static IXdrCodec<T> Check<T>(IXdrCodec<T> codec) => codec ?? throw new ArgumentNullException(nameof(codec));

    private EndPoint StartStream(Socket socket, EndPoint endPoint, RpcTransportKind transport, ServerTlsSettings? tls)
    {
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
            var listener = new StreamListener(_host, socket, transport, transport == RpcTransportKind.Local ? endPoint : null, tls);
            _lifetime.Register(listener);
            listener.Start();
            return listener.LocalEndPoint;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
