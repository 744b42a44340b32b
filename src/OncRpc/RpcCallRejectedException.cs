using OncRpc.Messages;

namespace OncRpc;

/// <summary>
/// Thrown by a server's handler to answer its call with an error status instead of results (PROG_UNAVAIL,
/// PROC_UNAVAIL, GARBAGE_ARGS or SYSTEM_ERR), with AUTH_ERROR, or with no reply at all, as broadcast-style
/// procedures must when they fail. Unlike any other exception, the server does not count it as
/// <c>RpcServerEventKind.HandlerFailed</c>.
/// </summary>
/// <remarks>
/// <see cref="RpcException.Status"/> is what the calling client sees: <see cref="RpcStatus.ProgramUnavailable"/>,
/// <see cref="RpcStatus.ProcedureUnavailable"/>, <see cref="RpcStatus.CantDecodeArguments"/> or
/// <see cref="RpcStatus.SystemError"/> for an error status, <see cref="RpcStatus.AuthError"/> for AUTH_ERROR (the
/// client throws <see cref="RpcAuthenticationException"/>), and <see cref="RpcStatus.TimedOut"/> for no reply (the
/// client throws <see cref="TimeoutException"/>).
/// </remarks>
public sealed class RpcCallRejectedException : RpcException
{
    private RpcCallRejectedException(AcceptStatus? acceptStatus, AuthStatus? authStatus, string message)
        : base(ClientStatus(acceptStatus, authStatus), message)
    {
        AcceptStatus = acceptStatus;
        AuthStatus = authStatus;
    }

    /// <summary>Gets the accept status to answer with, or <see langword="null"/> when the call is denied with <see cref="AuthStatus"/> or left without a reply.</summary>
    public AcceptStatus? AcceptStatus { get; }

    /// <summary>Gets the AUTH_ERROR status the call is denied with, or <see langword="null"/> when it is answered with <see cref="AcceptStatus"/> or left without a reply.</summary>
    public AuthStatus? AuthStatus { get; }

    /// <summary>Creates an exception that answers the call with an error status.</summary>
    /// <param name="status"><see cref="Messages.AcceptStatus.ProgramUnavailable"/>, <see cref="Messages.AcceptStatus.ProcedureUnavailable"/>, <see cref="Messages.AcceptStatus.GarbageArguments"/> or <see cref="Messages.AcceptStatus.SystemError"/>.</param>
    /// <returns>The exception to throw.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Another status (success, or PROG_MISMATCH, whose range only the server knows).</exception>
    public static RpcCallRejectedException WithStatus(AcceptStatus status) =>
        status is Messages.AcceptStatus.ProgramUnavailable or Messages.AcceptStatus.ProcedureUnavailable or Messages.AcceptStatus.GarbageArguments or Messages.AcceptStatus.SystemError
            ? new RpcCallRejectedException(status, null, $"The call is answered with {status}.")
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Only PROG_UNAVAIL, PROC_UNAVAIL, GARBAGE_ARGS and SYSTEM_ERR can be chosen by a handler.");

    /// <summary>Creates an exception that leaves the call without a reply (the client times out).</summary>
    /// <returns>The exception to throw.</returns>
    public static RpcCallRejectedException NoReply() => new(null, null, "The call is left without a reply.");

    /// <summary>Creates an exception that denies the call with AUTH_ERROR, for a handler that finds the credential unusable.</summary>
    /// <param name="status">Why the credential is refused; anything but <see cref="Messages.AuthStatus.Ok"/>.</param>
    /// <returns>The exception to throw.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is <see cref="Messages.AuthStatus.Ok"/>.</exception>
    public static RpcCallRejectedException WithAuthError(AuthStatus status) =>
        status != Messages.AuthStatus.Ok
            ? new RpcCallRejectedException(null, status, $"The call is denied with AUTH_ERROR {status}.")
            : throw new ArgumentOutOfRangeException(nameof(status), status, "AUTH_OK is not an error.");

    internal bool HasReply => AcceptStatus is not null || AuthStatus is not null;

    /// <summary>The reply to send; only when <see cref="HasReply"/>.</summary>
    internal RpcReplyHeader ReplyHeader(uint xid) => AuthStatus is { } authStatus
        ? RpcReplyHeader.AuthError(xid, authStatus)
        : RpcReplyHeader.Accepted(xid, OpaqueAuth.None, AcceptStatus!.Value);

    internal override RpcException CopyForCall() => new RpcCallRejectedException(AcceptStatus, AuthStatus, Message);

    private static RpcStatus ClientStatus(AcceptStatus? acceptStatus, AuthStatus? authStatus) => (acceptStatus, authStatus) switch
    {
        (Messages.AcceptStatus.ProgramUnavailable, _) => RpcStatus.ProgramUnavailable,
        (Messages.AcceptStatus.ProcedureUnavailable, _) => RpcStatus.ProcedureUnavailable,
        (Messages.AcceptStatus.GarbageArguments, _) => RpcStatus.CantDecodeArguments,
        (Messages.AcceptStatus.SystemError, _) => RpcStatus.SystemError,
        (null, not null) => RpcStatus.AuthError,
        _ => RpcStatus.TimedOut,
    };
}
