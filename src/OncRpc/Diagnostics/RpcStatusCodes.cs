using OncRpc.Messages;

namespace OncRpc.Diagnostics;

/// <summary>
/// The values of <c>rpc.status_code</c> and <c>error.type</c>: the RFC 5531 names of a reply's accept, reject or
/// authentication status, or a low-cardinality name for a call that ended before any reply.
/// </summary>
internal static class RpcStatusCodes
{
    /// <summary>Gets the status name of an error reply, or <see langword="null"/> for a successful one.</summary>
    public static string? Of(in RpcReplyHeader header)
    {
        if (header.Status == ReplyStatus.Accepted)
        {
            return header.AcceptStatus switch
            {
                AcceptStatus.Success => null,
                AcceptStatus.ProgramUnavailable => "PROG_UNAVAIL",
                AcceptStatus.ProgramMismatch => "PROG_MISMATCH",
                AcceptStatus.ProcedureUnavailable => "PROC_UNAVAIL",
                AcceptStatus.GarbageArguments => "GARBAGE_ARGS",
                AcceptStatus.SystemError => "SYSTEM_ERR",
                _ => "_OTHER",
            };
        }

        return header.RejectStatus == RejectStatus.RpcMismatch ? "RPC_MISMATCH" : Of(header.AuthStatus);
    }

    /// <summary>Gets the name of an AUTH_ERROR reply's status, as RFC 5531 and RFC 2203 spell it.</summary>
    public static string Of(AuthStatus status) => status switch
    {
        AuthStatus.Ok => "AUTH_OK",
        AuthStatus.BadCredential => "AUTH_BADCRED",
        AuthStatus.RejectedCredential => "AUTH_REJECTEDCRED",
        AuthStatus.BadVerifier => "AUTH_BADVERF",
        AuthStatus.RejectedVerifier => "AUTH_REJECTEDVERF",
        AuthStatus.TooWeak => "AUTH_TOOWEAK",
        AuthStatus.InvalidResponse => "AUTH_INVALIDRESP",
        AuthStatus.Failed => "AUTH_FAILED",
        AuthStatus.KerberosGeneric => "AUTH_KERB_GENERIC",
        AuthStatus.TimeExpired => "AUTH_TIMEEXPIRE",
        AuthStatus.TicketFileProblem => "AUTH_TKT_FILE",
        AuthStatus.DecodeFailed => "AUTH_DECODE",
        AuthStatus.NetAddressProblem => "AUTH_NET_ADDR",
        AuthStatus.GssCredentialProblem => "RPCSEC_GSS_CREDPROBLEM",
        AuthStatus.GssContextProblem => "RPCSEC_GSS_CTXPROBLEM",
        _ => "AUTH_ERROR",
    };

    /// <summary>
    /// Gets the <c>error.type</c> of a call that failed without an error reply: <c>timeout</c>, <c>cancelled</c>,
    /// or the exception's full type name (a broken connection, a reply that did not decode, a disposed client).
    /// </summary>
    public static string ErrorTypeOf(Exception error) => error switch
    {
        TimeoutException => RpcAttributeNames.TimeoutError,
        OperationCanceledException => RpcAttributeNames.CancelledError,
        _ => error.GetType().FullName ?? "_OTHER",
    };
}
