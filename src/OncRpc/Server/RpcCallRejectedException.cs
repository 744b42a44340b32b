using OncRpc.Messages;

namespace OncRpc.Server;

/// <summary>
/// Thrown by a handler to answer its call with an error status instead of results (PROG_UNAVAIL, PROC_UNAVAIL,
/// GARBAGE_ARGS or SYSTEM_ERR), with AUTH_ERROR, or with no reply at all, as broadcast-style procedures must when they fail.
/// Unlike any other exception, it is not counted as <see cref="RpcServerEventKind.HandlerFailed"/>.
/// </summary>
public sealed class RpcCallRejectedException : Exception
{
    private RpcCallRejectedException(AcceptStatus? status, AuthStatus? authError, string message)
        : base(message)
    {
        Status = status;
        AuthError = authError;
    }

    /// <summary>Gets the accept status to answer with, or <see langword="null"/> when the call is denied with <see cref="AuthError"/> or left without a reply.</summary>
    public AcceptStatus? Status { get; }

    /// <summary>Gets the AUTH_ERROR status the call is denied with, or <see langword="null"/> when it is answered with <see cref="Status"/> or left without a reply.</summary>
    public AuthStatus? AuthError { get; }

    /// <summary>Creates an exception that answers the call with an error status.</summary>
    /// <param name="status"><see cref="AcceptStatus.ProgramUnavailable"/>, <see cref="AcceptStatus.ProcedureUnavailable"/>, <see cref="AcceptStatus.GarbageArguments"/> or <see cref="AcceptStatus.SystemError"/>.</param>
    /// <returns>The exception to throw.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Another status (success, or PROG_MISMATCH, whose range only the server knows).</exception>
    public static RpcCallRejectedException WithStatus(AcceptStatus status) =>
        status is AcceptStatus.ProgramUnavailable or AcceptStatus.ProcedureUnavailable or AcceptStatus.GarbageArguments or AcceptStatus.SystemError
            ? new RpcCallRejectedException(status, null, $"The call is answered with {status}.")
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Only PROG_UNAVAIL, PROC_UNAVAIL, GARBAGE_ARGS and SYSTEM_ERR can be chosen by a handler.");

    /// <summary>Creates an exception that leaves the call without a reply (the client times out).</summary>
    /// <returns>The exception to throw.</returns>
    public static RpcCallRejectedException NoReply() => new(null, null, "The call is left without a reply.");

    /// <summary>Creates an exception that denies the call with AUTH_ERROR, for a handler that finds the credential unusable.</summary>
    /// <param name="status">Why the credential is refused; anything but <see cref="AuthStatus.Ok"/>.</param>
    /// <returns>The exception to throw.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is <see cref="AuthStatus.Ok"/>.</exception>
    public static RpcCallRejectedException WithAuthError(AuthStatus status) =>
        status != AuthStatus.Ok
            ? new RpcCallRejectedException(null, status, $"The call is denied with AUTH_ERROR {status}.")
            : throw new ArgumentOutOfRangeException(nameof(status), status, "AUTH_OK is not an error.");

    internal bool HasReply => Status is not null || AuthError is not null;

    /// <summary>The reply to send; only when <see cref="HasReply"/>.</summary>
    internal RpcReplyHeader ReplyHeader(uint xid) => AuthError is { } authError
        ? RpcReplyHeader.AuthError(xid, authError)
        : RpcReplyHeader.Accepted(xid, OpaqueAuth.None, Status!.Value);
}
