namespace OncRpc.Server;

/// <summary>What an <see cref="RpcServerEvent"/> reports. Every kind is also counted by <see cref="RpcServer.GetEventCount"/>.</summary>
public enum RpcServerEventKind
{
    /// <summary>A stream connection (TCP or Unix socket) was accepted.</summary>
    ConnectionAccepted = 0,

    /// <summary>A stream connection was closed, by the peer, by the server or after an error.</summary>
    ConnectionClosed = 1,

    /// <summary>
    /// A stream connection was refused because <see cref="RpcServerOptions.MaxConnections"/> were already open (or its
    /// peer held its <see cref="RpcServerOptions.MaxConnectionShare"/>) and, under <see cref="ConnectionLimitPolicy.EvictIdlest"/>,
    /// every connection that could have made room was busy.
    /// </summary>
    ConnectionRefused = 2,

    /// <summary>A stream connection with no call in progress was closed after <see cref="RpcServerOptions.IdleTimeout"/>.</summary>
    IdleConnectionClosed = 3,

    /// <summary>A stream broke the record-marking rules (a record above the size limit, or the stream ended inside a record); the connection was closed.</summary>
    ProtocolError = 4,

    /// <summary>A message too short or malformed to be a call was dropped without a reply.</summary>
    MalformedMessage = 5,

    /// <summary>A message that is not a call (a reply, or an unknown message type) was ignored.</summary>
    NotACall = 6,

    /// <summary>A call named an RPC protocol version other than 2 and was answered with RPC_MISMATCH.</summary>
    RpcVersionMismatch = 7,

    /// <summary>The authentication hook rejected a call, which was answered with AUTH_ERROR.</summary>
    AuthenticationFailed = 8,

    /// <summary>A call named a program the server does not serve (PROG_UNAVAIL).</summary>
    ProgramUnavailable = 9,

    /// <summary>A call named a version of a served program that the server does not serve (PROG_MISMATCH).</summary>
    ProgramMismatch = 10,

    /// <summary>A call named a procedure the program version does not have (PROC_UNAVAIL).</summary>
    ProcedureUnavailable = 11,

    /// <summary>The arguments of a call, or its header after the message type, did not decode (GARBAGE_ARGS).</summary>
    GarbageArguments = 12,

    /// <summary>A handler threw, or its results could not be encoded (SYSTEM_ERR).</summary>
    HandlerFailed = 13,

    /// <summary>A handler ran longer than <see cref="RpcServerOptions.HandlerTimeout"/>; the call was answered with SYSTEM_ERR.</summary>
    HandlerTimedOut = 14,

    /// <summary>A reply did not fit in a datagram and was replaced with SYSTEM_ERR.</summary>
    ReplyTooLarge = 15,

    /// <summary>A connection or datagram socket stopped reading for a while because it reached its limit of outstanding calls or unsent replies. Only counted, not passed to <see cref="RpcServerOptions.OnEvent"/>.</summary>
    Throttled = 16,

    /// <summary>A call was answered successfully.</summary>
    CallCompleted = 17,

    /// <summary>A callback added with <see cref="RpcServer.AddStoppingCallback"/> threw while the server was stopping.</summary>
    StoppingCallbackFailed = 18,

    /// <summary>
    /// An idle stream connection was closed to admit a new one (<see cref="ConnectionLimitPolicy.EvictIdlest"/>): the
    /// server was at <see cref="RpcServerOptions.MaxConnections"/>, or the newcomer's peer at its
    /// <see cref="RpcServerOptions.MaxConnectionShare"/>. The event carries the evicted connection's peer.
    /// </summary>
    ConnectionEvicted = 19,

    /// <summary>A connection answered the AUTH_TLS probe and finished its RPC-with-TLS handshake (RFC 9289); its calls are now encrypted.</summary>
    TlsStarted = 20,

    /// <summary>
    /// A connection's RPC-with-TLS handshake failed, timed out (<see cref="RpcServerTlsOptions.HandshakeTimeout"/>)
    /// or agreed on no <c>sunrpc</c> ALPN, or the client sent clear text behind its probe; the connection was closed.
    /// </summary>
    TlsHandshakeFailed = 21,
}
