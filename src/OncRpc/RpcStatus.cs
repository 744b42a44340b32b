namespace OncRpc;

/// <summary>
/// The outcome of an RPC call, numbered as libtirpc's <c>clnt_stat</c> so that tools can report failures the way
/// users of the C library know them.
/// </summary>
public enum RpcStatus
{
    /// <summary>The call succeeded.</summary>
    Success = 0,

    /// <summary>The arguments could not be encoded.</summary>
    CantEncodeArguments = 1,

    /// <summary>The reply or its results could not be decoded.</summary>
    CantDecodeResult = 2,

    /// <summary>The call could not be sent.</summary>
    CantSend = 3,

    /// <summary>The reply could not be received (connection refused, reset or closed).</summary>
    CantReceive = 4,

    /// <summary>No reply arrived in time.</summary>
    TimedOut = 5,

    /// <summary>The server does not speak RPC version 2 (denied with RPC_MISMATCH).</summary>
    VersionMismatch = 6,

    /// <summary>The server rejected the credentials (denied with AUTH_ERROR).</summary>
    AuthError = 7,

    /// <summary>The program is not available on the server (PROG_UNAVAIL).</summary>
    ProgramUnavailable = 8,

    /// <summary>The program does not support the requested version (PROG_MISMATCH).</summary>
    ProgramVersionMismatch = 9,

    /// <summary>The procedure is not available (PROC_UNAVAIL).</summary>
    ProcedureUnavailable = 10,

    /// <summary>The server could not decode the arguments (GARBAGE_ARGS).</summary>
    CantDecodeArguments = 11,

    /// <summary>The server reported a system error (SYSTEM_ERR).</summary>
    SystemError = 12,

    /// <summary>The host name could not be resolved.</summary>
    UnknownHost = 13,

    /// <summary>The portmapper or rpcbind failed.</summary>
    PortmapperFailure = 14,

    /// <summary>The program is not registered with the portmapper or rpcbind.</summary>
    ProgramNotRegistered = 15,

    /// <summary>An unspecified failure.</summary>
    Failed = 16,

    /// <summary>The transport or protocol is not known.</summary>
    UnknownProtocol = 17,

    /// <summary>The remote address is not known.</summary>
    UnknownAddress = 19,

    /// <summary>The peer broke the protocol: a malformed record or message, or one beyond the configured limits.</summary>
    ProtocolError = 100,

    /// <summary>
    /// RPC-with-TLS (RFC 9289) could not be set up: the server did not offer TLS where it was required, or the
    /// handshake failed, timed out or did not agree on the <c>sunrpc</c> application protocol. See <see cref="RpcTlsException"/>.
    /// </summary>
    TlsFailure = 101,
}
