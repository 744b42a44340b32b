using System.Net;
using System.Net.Sockets;
using OncRpc.Diagnostics;
using OncRpc.Messages;
using OncRpc.Client.Transport;
using OncRpc.Xdr;

namespace OncRpc.Client;

/// <summary>
/// An ONC RPC client over one TCP connection, one UDP socket or one Unix domain socket. It is safe for concurrent
/// use: any number of calls may be outstanding at once, each matched to its reply by transaction id (xid).
/// </summary>
/// <remarks>
/// <para>Each call has a timeout (<see cref="RpcClientOptions.Timeout"/>, or <see cref="RpcCallOptions.Timeout"/>)
/// and observes its <see cref="CancellationToken"/>. When the timeout elapses the call throws
/// <see cref="TimeoutException"/> (<c>RPC: Timed out</c>); when the caller's token is cancelled it throws
/// <see cref="OperationCanceledException"/>. Either way the connection and the other calls are unaffected, and a
/// reply that arrives later is dropped.</para>
/// <para>Over UDP a call is retransmitted with the same xid, at <see cref="RpcClientOptions.RetransmitInterval"/>
/// and then twice as long each time, until a reply arrives or the call times out.</para>
/// <para>When a stream connection is closed, reset or breaks the protocol, every outstanding call fails with an
/// <see cref="RpcException"/> (for example <c>RPC: Unable to receive; errno = Connection reset by peer</c>) and
/// so does every later call: the client does not reconnect; create a new one. <see cref="DisposeAsync"/> fails
/// outstanding calls with <see cref="ObjectDisposedException"/>.</para>
/// <para>By default (<see cref="RpcClientIoMode.DedicatedThread"/>) each client reads replies on a dedicated thread,
/// and the code after an <c>await</c> of a call runs on that thread until its next pending <c>await</c> (unless a
/// <see cref="SynchronizationContext"/> takes it back), which saves a thread hop per call. Such code should be
/// short: when it holds the thread for more than 100-200 ms (for example by blocking on another call of the same
/// client), a new receive thread takes over, so the client never deadlocks, at the cost of that delay. With
/// <see cref="RpcClientIoMode.Asynchronous"/> (see <see cref="RpcClientOptions.IoMode"/>) the client uses the thread
/// pool only and continuations run asynchronously. With <see cref="RpcClientIoMode.CallingThread"/> the client
/// starts no thread and no timer: every call runs to completion on its caller's thread before the method
/// returns.</para>
/// </remarks>
public sealed class RpcClient : IAsyncDisposable
{
    // The parts: the table of outstanding calls (which the transport reports to), the transport, the timeouts and
    // retransmissions, and in the calling-thread mode the pump through which waiting callers read replies.
    private readonly PendingCallTable _calls;
    private readonly IClientTransport _transport;
    private readonly CallTimer _timer;
    private readonly CallingThreadPump? _pump;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TimeSpan _defaultTimeout;
    private readonly RpcAuth _auth;
    private readonly ClientTelemetry _telemetry;

    // Whether replies complete calls on a thread-pool thread rather than inline on the receive thread. Inline
    // (the dedicated-thread mode) is much faster; a caller's continuation then runs on the receive thread until its
    // next await, and one that holds it too long gets the thread replaced (see ReceiveThread). The asynchronous mode
    // completes calls asynchronously, so its receive loop never runs callers' code. In the calling-thread mode a
    // call completes before its caller can await it; should a caller await one completed by another thread's read
    // anyway, its continuation does not run on that thread.
    private readonly bool _runContinuationsAsynchronously;
    private int _disposed;

    private RpcClient(Socket socket, ClientTlsSession? tls, EndPoint remoteEndPoint, RpcTransportKind transport, RpcClientOptions options)
    {
        RemoteEndPoint = remoteEndPoint;
        Tls = tls?.Info;
        Transport = transport;
        _defaultTimeout = options.Timeout;
        _auth = options.Auth;
        _telemetry = new ClientTelemetry(remoteEndPoint, transport, options.MeterFactory);
        _slots = new SemaphoreSlim(options.MaxOutstandingCalls, options.MaxOutstandingCalls);
        _runContinuationsAsynchronously = options.IoMode != RpcClientIoMode.DedicatedThread;
        _calls = new PendingCallTable(options.ReaderOptions);
        _transport = ClientTransportFactory.Create(socket, tls?.Stream, transport, options, _calls);
        _timer = new CallTimer(_calls, _transport, options);
        _pump = options.IoMode == RpcClientIoMode.CallingThread ? new CallingThreadPump(_transport, _timer) : null;
    }

    /// <summary>Gets the endpoint of the server.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>Gets the transport the client uses.</summary>
    public RpcTransportKind Transport { get; }

    /// <summary>
    /// Gets a value indicating whether the connection is encrypted with RPC-with-TLS (RFC 9289); see
    /// <see cref="RpcClientOptions.Tls"/>. <see langword="false"/> in clear text, also after an opportunistic client
    /// found that the server does not offer TLS.
    /// </summary>
    public bool IsEncrypted => Tls is not null;

    /// <summary>
    /// Gets what the TLS handshake agreed on (the TLS version, the <c>sunrpc</c> application protocol and the
    /// server's certificate), or <see langword="null"/> when the connection is in clear text.
    /// </summary>
    public RpcTlsInfo? Tls { get; }

    /// <summary>Gets the number of replies dropped because they matched no outstanding call (late, duplicate or stray).</summary>
    internal long DroppedReplies => _calls.DroppedReplies;

    /// <summary>Gets the number of call records not yet written whole to a stream socket.</summary>
    internal long UnsentRecords => _transport.UnsentRecords;

    /// <summary>Gets the number of receive threads started to replace one held by a caller's continuation.</summary>
    internal int ReceiverReplacements => _transport.ReceiverReplacements;

    /// <summary>Gets the number of calls waiting for a reply.</summary>
    internal int OutstandingCalls => _calls.Count;

    /// <summary>Connects to an RPC server.</summary>
    /// <param name="remoteEndPoint">
    /// The server: an <see cref="IPEndPoint"/> (IPv4 or IPv6) for <see cref="RpcTransportKind.Tcp"/> and
    /// <see cref="RpcTransportKind.Udp"/>, a Unix domain socket endpoint for <see cref="RpcTransportKind.Local"/>.
    /// </param>
    /// <param name="transport">The transport.</param>
    /// <param name="options">The client's settings, or <see langword="null"/> for <see cref="RpcClientOptions.Default"/>.</param>
    /// <param name="cancellationToken">A token to cancel connecting.</param>
    /// <returns>A connected client.</returns>
    /// <exception cref="ArgumentException">The endpoint does not suit the transport.</exception>
    /// <exception cref="RpcException">The connection could not be established (<c>RPC: Remote system error - Connection refused</c>).</exception>
    /// <exception cref="TimeoutException">The connection was not established within <see cref="RpcClientOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="RpcTlsException">
    /// <see cref="RpcClientOptions.Tls"/> is set and TLS could not be set up: not offered by the server (under
    /// <see cref="RpcTlsPolicy.Required"/>), the handshake failed or timed out, or no <c>sunrpc</c> ALPN was agreed.
    /// </exception>
    /// <exception cref="NotSupportedException"><see cref="RpcClientOptions.Tls"/> with UDP or with <see cref="RpcClientIoMode.CallingThread"/>.</exception>
    /// <exception cref="PlatformNotSupportedException"><see cref="RpcClientOptions.Tls"/> on the netstandard2.0 build, which has no ALPN and no TLS 1.3.</exception>
    public static async Task<RpcClient> ConnectAsync(
        EndPoint remoteEndPoint,
        RpcTransportKind transport,
        RpcClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (remoteEndPoint is null)
        {
            throw new ArgumentNullException(nameof(remoteEndPoint));
        }

        if (transport is not (RpcTransportKind.Tcp or RpcTransportKind.Udp or RpcTransportKind.Local))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Unknown transport.");
        }

        options ??= RpcClientOptions.Default;
        TlsClientStarter.Check(options, transport);
        cancellationToken.ThrowIfCancellationRequested();
        Socket socket = await SocketConnector.ConnectAsync(remoteEndPoint, transport, options, cancellationToken).ConfigureAwait(false);
        ClientTlsSession? tls = null;
        if (options.Tls is { } tlsOptions)
        {
            try
            {
                tls = await TlsClientStarter.StartAsync(socket, remoteEndPoint, tlsOptions, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var client = new RpcClient(socket, tls, remoteEndPoint, transport, options);
        client._transport.Start();
        return client;
    }

    /// <summary>Calls a remote procedure and returns its decoded result.</summary>
    /// <typeparam name="TArgs">The type of the arguments.</typeparam>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="argumentsCodec">The codec that writes the arguments.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="resultCodec">The codec that reads the result.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call; the connection stays usable.</param>
    /// <returns>The result.</returns>
    /// <exception cref="RpcException">The server refused the call or the reply could not be received or decoded; see <see cref="RpcException.Status"/>.</exception>
    /// <exception cref="RpcProgramMismatchException">The server does not support the program version.</exception>
    /// <exception cref="RpcVersionMismatchException">The server does not speak RPC version 2.</exception>
    /// <exception cref="RpcAuthenticationException">The server rejected the credentials.</exception>
    /// <exception cref="TimeoutException">No reply arrived within the call's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public Task<TResult> CallAsync<TArgs, TResult>(
        uint program,
        uint version,
        uint procedure,
        IXdrCodec<TArgs> argumentsCodec,
        TArgs arguments,
        IXdrCodec<TResult> resultCodec,
        RpcCallOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        // One object per call: the task itself, completed straight from the pooled pending call.
        return StartCall(program, version, procedure, null, argumentsCodec, arguments, resultCodec, options, cancellationToken).ValueAsTask();
    }

    /// <summary>Calls a named remote procedure and returns its decoded result; traces and metrics show the call by its names.</summary>
    /// <typeparam name="TArgs">The type of the arguments.</typeparam>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="procedure">The program, version and procedure to call, with their names.</param>
    /// <param name="argumentsCodec">The codec that writes the arguments.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="resultCodec">The codec that reads the result.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call; the connection stays usable.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="procedure"/> is <see langword="null"/>.</exception>
    /// <exception cref="RpcException">The server refused the call or the reply could not be received or decoded; see <see cref="RpcException.Status"/>.</exception>
    /// <exception cref="TimeoutException">No reply arrived within the call's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public Task<TResult> CallAsync<TArgs, TResult>(
        RpcProcedure procedure,
        IXdrCodec<TArgs> argumentsCodec,
        TArgs arguments,
        IXdrCodec<TResult> resultCodec,
        RpcCallOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (procedure is null)
        {
            throw new ArgumentNullException(nameof(procedure));
        }

        return StartCall(procedure.Program, procedure.Version, procedure.Procedure, procedure, argumentsCodec, arguments, resultCodec, options, cancellationToken)
            .ValueAsTask();
    }

    /// <summary>Calls a named remote procedure and returns its decoded result with the sizes of the messages exchanged.</summary>
    /// <typeparam name="TArgs">The type of the arguments.</typeparam>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="procedure">The program, version and procedure to call, with their names.</param>
    /// <param name="argumentsCodec">The codec that writes the arguments.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="resultCodec">The codec that reads the result.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call; the connection stays usable.</param>
    /// <returns>The result and the message sizes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="procedure"/> is <see langword="null"/>.</exception>
    /// <exception cref="RpcException">The server refused the call or the reply could not be received or decoded; see <see cref="RpcException.Status"/>.</exception>
    /// <exception cref="TimeoutException">No reply arrived within the call's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public Task<RpcResponse<TResult>> CallWithDetailsAsync<TArgs, TResult>(
        RpcProcedure procedure,
        IXdrCodec<TArgs> argumentsCodec,
        TArgs arguments,
        IXdrCodec<TResult> resultCodec,
        RpcCallOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (procedure is null)
        {
            throw new ArgumentNullException(nameof(procedure));
        }

        return StartCall(procedure.Program, procedure.Version, procedure.Procedure, procedure, argumentsCodec, arguments, resultCodec, options, cancellationToken)
            .Response.AsTask();
    }

    /// <summary>Calls a remote procedure and returns its decoded result with the sizes of the messages exchanged.</summary>
    /// <typeparam name="TArgs">The type of the arguments.</typeparam>
    /// <typeparam name="TResult">The type of the result.</typeparam>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="argumentsCodec">The codec that writes the arguments.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="resultCodec">The codec that reads the result.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call; the connection stays usable.</param>
    /// <returns>The result and the message sizes.</returns>
    /// <exception cref="RpcException">The server refused the call or the reply could not be received or decoded; see <see cref="RpcException.Status"/>.</exception>
    /// <exception cref="TimeoutException">No reply arrived within the call's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public Task<RpcResponse<TResult>> CallWithDetailsAsync<TArgs, TResult>(
        uint program,
        uint version,
        uint procedure,
        IXdrCodec<TArgs> argumentsCodec,
        TArgs arguments,
        IXdrCodec<TResult> resultCodec,
        RpcCallOptions? options = null,
        CancellationToken cancellationToken = default) =>
        StartCall(program, version, procedure, null, argumentsCodec, arguments, resultCodec, options, cancellationToken).Response.AsTask();

    /// <summary>Calls procedure 0 (NULL) of a program, which takes and returns nothing: a check that the program and version answer.</summary>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="options">Settings for this call, or <see langword="null"/> for those of the client.</param>
    /// <param name="cancellationToken">A token to cancel the call.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="RpcException">The server refused the call (for example <c>RPC: Program unavailable</c>) or the reply could not be received.</exception>
    /// <exception cref="TimeoutException">No reply arrived within the call's timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client has been disposed.</exception>
    public Task PingAsync(uint program, uint version, RpcCallOptions? options = null, CancellationToken cancellationToken = default) =>
        StartCall(program, version, 0, null, XdrCodec.Void, XdrVoid.Value, XdrCodec.Void, options, cancellationToken).Response.AsTask();

    /// <summary>Closes the connection. Outstanding calls fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when the socket is closed and the receive loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var disposed = new ObjectDisposedException(nameof(RpcClient));
        _lifetime.Cancel();
        _calls.Fail(disposed, isFatal: true);
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The call's timer fired: time it out, or retransmit it over UDP.</summary>
    internal void OnCallTimer(PendingCall call) => _timer.OnTimer(call);

    /// <summary>The caller's token was cancelled.</summary>
    internal void OnCallCanceled(PendingCall call)
    {
        if (_calls.TryRemove(call.Xid, call))
        {
            call.Fail(new OperationCanceledException(call.CallerToken));
        }
    }

    /// <summary>A finished call gave back its slot.</summary>
    internal void OnCallReleased() => _slots.Release();

    private static ValueTask<RpcResponse<TResult>> Failed<TResult>(Exception error) =>
        new(Task.FromException<RpcResponse<TResult>>(error));

    private StartedCall<TResult> StartCall<TArgs, TResult>(
        uint program,
        uint version,
        uint procedure,
        RpcProcedure? names,
        IXdrCodec<TArgs> argumentsCodec,
        TArgs arguments,
        IXdrCodec<TResult> resultCodec,
        RpcCallOptions? options,
        CancellationToken cancellationToken)
    {
        if (argumentsCodec is null)
        {
            throw new ArgumentNullException(nameof(argumentsCodec));
        }

        if (resultCodec is null)
        {
            throw new ArgumentNullException(nameof(resultCodec));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return new(new ValueTask<RpcResponse<TResult>>(Task.FromCanceled<RpcResponse<TResult>>(cancellationToken)));
        }

        // One check per call while nobody listens; the scope exists only while somebody does.
        ClientCallScope? telemetry = _telemetry.IsEnabled ? _telemetry.Start(program, version, procedure, names) : null;
        if (_calls.Failure is { } failure)
        {
            Exception error = RpcErrors.Copy(failure);
            telemetry?.Failed(error);
            return new(Failed<TResult>(error));
        }

        long start = _timer.Time.GetTimestamp();
        TimeSpan timeout = options?.Timeout ?? _defaultTimeout;
        return _slots.Wait(0)
            ? new(StartCallWithSlot(program, version, procedure, argumentsCodec, arguments, resultCodec, options, start, timeout, telemetry, cancellationToken))
            : new(StartCallSlowAsync(program, version, procedure, argumentsCodec, arguments, resultCodec, options, start, timeout, telemetry, cancellationToken));
    }

    private async ValueTask<RpcResponse<TResult>> StartCallSlowAsync<TArgs, TResult>(
        uint program,
        uint version,
        uint procedure,
        IXdrCodec<TArgs> argumentsCodec,
        TArgs arguments,
        IXdrCodec<TResult> resultCodec,
        RpcCallOptions? options,
        long start,
        TimeSpan timeout,
        ClientCallScope? telemetry,
        CancellationToken cancellationToken)
    {
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token))
        using (timeout == Timeout.InfiniteTimeSpan
            ? null
            : _timer.Time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), linked, timeout, Timeout.InfiniteTimeSpan))
        {
            try
            {
                await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex)
            {
                // No slot within the call's timeout: the call ends here, and so does its span.
                Exception error = cancellationToken.IsCancellationRequested
                    ? ex
                    : _lifetime.IsCancellationRequested ? new ObjectDisposedException(nameof(RpcClient)) : RpcErrors.TimedOut();
                telemetry?.Failed(error);
                if (ReferenceEquals(error, ex))
                {
                    throw;
                }

                throw error;
            }
        }

        return await StartCallWithSlot(program, version, procedure, argumentsCodec, arguments, resultCodec, options, start, timeout, telemetry, cancellationToken)
            .Task.ConfigureAwait(false);
    }

    private PendingCall<TResult> StartCallWithSlot<TArgs, TResult>(
        uint program,
        uint version,
        uint procedure,
        IXdrCodec<TArgs> argumentsCodec,
        TArgs arguments,
        IXdrCodec<TResult> resultCodec,
        RpcCallOptions? options,
        long start,
        TimeSpan timeout,
        ClientCallScope? telemetry,
        CancellationToken cancellationToken)
    {
        PendingCall<TResult> call = PendingCall<TResult>.Rent(resultCodec, _runContinuationsAsynchronously);
        call.Telemetry = telemetry;
        RpcAuth auth = options?.Auth ?? _auth;
        call.Owner = this;
        call.Auth = auth;
        call.Deadline = _timer.DeadlineAfter(start, timeout);
        if (_calls.TryAdd(call) is { } failure)
        {
            // The entry holds a slot; failing it hands both back once the caller has read the failure.
            call.Fail(RpcErrors.Copy(failure));
            return call;
        }

        uint xid = call.Xid;
        _timer.Start(call, start, timeout);
        call.RegisterCancellation(cancellationToken);

        var message = new CallMessage<TArgs>(
            new RpcCallHeader(xid, program, version, procedure, auth.Credential, auth.Verifier),
            argumentsCodec,
            arguments);
        try
        {
            _transport.Send(in message, call);
        }
        catch (Exception ex)
        {
            if (_calls.TryRemove(xid, call))
            {
                call.Fail(ex switch
                {
                    RpcException or ObjectDisposedException => ex,
                    SocketException socketError => RpcErrors.CantSend(socketError),
                    _ => RpcErrors.CantEncodeArguments(ex),
                });
            }
        }

        _pump?.Wait(call);

        return call;
    }
}
