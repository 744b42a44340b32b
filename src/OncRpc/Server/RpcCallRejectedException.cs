using OncRpc.Messages;

namespace OncRpc.Server;

/// <summary>
/// Thrown by a handler to answer its call with an error status instead of results (PROG_UNAVAIL, PROC_UNAVAIL,
/// GARBAGE_ARGS or SYSTEM_ERR), or with no reply at all, as broadcast-style procedures must when they fail.
/// Unlike any other exception, it is not counted as <see cref="RpcServerEventKind.HandlerFailed"/>.
/// </summary>
public sealed class RpcCallRejectedException : Exception
{
    private RpcCallRejectedException(AcceptStatus? status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Gets the status to answer with, or <see langword="null"/> to send no reply.</summary>
    public AcceptStatus? Status { get; }

    /// <summary>Creates an exception that answers the call with an error status.</summary>
    /// <param name="status"><see cref="AcceptStatus.ProgramUnavailable"/>, <see cref="AcceptStatus.ProcedureUnavailable"/>, <see cref="AcceptStatus.GarbageArguments"/> or <see cref="AcceptStatus.SystemError"/>.</param>
    /// <returns>The exception to throw.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Another status (success, or PROG_MISMATCH, whose range only the server knows).</exception>
    public static RpcCallRejectedException WithStatus(AcceptStatus status) =>
        status is AcceptStatus.ProgramUnavailable or AcceptStatus.ProcedureUnavailable or AcceptStatus.GarbageArguments or AcceptStatus.SystemError
            ? new RpcCallRejectedException(status, $"The call is answered with {status}.")
            : throw new ArgumentOutOfRangeException(nameof(status), status, "Only PROG_UNAVAIL, PROC_UNAVAIL, GARBAGE_ARGS and SYSTEM_ERR can be chosen by a handler.");

    /// <summary>Creates an exception that leaves the call without a reply (the client times out).</summary>
    /// <returns>The exception to throw.</returns>
    public static RpcCallRejectedException NoReply() => new(null, "The call is left without a reply.");

    internal RpcReplyHeader ReplyHeader(uint xid) => Status switch
    {
        AcceptStatus.ProgramUnavailable => RpcReplyHeader.ProgramUnavailable(xid),
        AcceptStatus.ProcedureUnavailable => RpcReplyHeader.ProcedureUnavailable(xid),
        AcceptStatus.GarbageArguments => RpcReplyHeader.GarbageArguments(xid),
        _ => RpcReplyHeader.SystemError(xid),
    };
}
