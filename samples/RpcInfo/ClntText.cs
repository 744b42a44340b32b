using OncRpc;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace RpcInfo;

/// <summary>
/// The error texts of libtirpc's <c>clnt_sperrno</c>, <c>clnt_sperror</c> and <c>clnt_spcreateerror</c>, which
/// rpcinfo prints. The library's exceptions carry the status and details; this decides which words the C tool
/// would have shown for them.
/// </summary>
internal static class ClntText
{
    /// <summary>libtirpc's text for <c>RPC_N2AXLATEFAILURE</c>, a status outside its message table.</summary>
    public const string UnknownErrorCode = "RPC: (unknown error code)";

    /// <summary><c>clnt_sperrno</c>: the fixed text of a status.</summary>
    public static string Sperrno(RpcStatus status) => status switch
    {
        RpcStatus.Success => "RPC: Success",
        RpcStatus.CantEncodeArguments => "RPC: Can't encode arguments",
        RpcStatus.CantDecodeResult => "RPC: Can't decode result",
        RpcStatus.CantSend => "RPC: Unable to send",
        RpcStatus.CantReceive => "RPC: Unable to receive",
        RpcStatus.TimedOut => "RPC: Timed out",
        RpcStatus.VersionMismatch => "RPC: Incompatible versions of RPC",
        RpcStatus.AuthError => "RPC: Authentication error",
        RpcStatus.ProgramUnavailable => "RPC: Program unavailable",
        RpcStatus.ProgramVersionMismatch => "RPC: Program/version mismatch",
        RpcStatus.ProcedureUnavailable => "RPC: Procedure unavailable",
        RpcStatus.CantDecodeArguments => "RPC: Server can't decode arguments",
        RpcStatus.SystemError => "RPC: Remote system error",
        RpcStatus.UnknownHost => "RPC: Unknown host",
        RpcStatus.PortmapperFailure => "RPC: Port mapper failure",
        RpcStatus.ProgramNotRegistered => "RPC: Program not registered",
        RpcStatus.Failed => "RPC: Failed (unspecified error)",
        RpcStatus.UnknownProtocol => "RPC: Unknown protocol",
        _ => UnknownErrorCode,
    };

    /// <summary>The status a failed call ends with, as libtirpc's <c>clnt_call</c> would return it.</summary>
    public static RpcStatus StatusOf(Exception error) => error switch
    {
        TimeoutException => RpcStatus.TimedOut,
        RpcProtocolException => RpcStatus.CantDecodeResult,
        RpcException r when r.Status == RpcStatus.ProtocolError => RpcStatus.CantDecodeResult,
        RpcException r => r.Status,
        XdrException => RpcStatus.CantDecodeResult,
        _ => RpcStatus.CantReceive,
    };

    /// <summary><c>clnt_sperror</c> without its prefix: the status text and the details of the failed call.</summary>
    public static string Sperror(Exception error)
    {
        switch (error)
        {
            case RpcProgramMismatchException m:
                return $"RPC: Program/version mismatch; low version = {m.Low}, high version = {m.High}";
            case RpcVersionMismatchException v:
                return $"RPC: Incompatible versions of RPC; low version = {v.Low}, high version = {v.High}";
            case RpcAuthenticationException a:
                return "RPC: Authentication error; why = " + AuthText(a.AuthStatus);
        }

        RpcStatus status = StatusOf(error);
        if (status is RpcStatus.CantSend or RpcStatus.CantReceive)
        {
            // The library already words these as clnt_sperror does, errno text included.
            return error is RpcException && error.Message.StartsWith("RPC: ", StringComparison.Ordinal)
                ? error.Message
                : Sperrno(status) + "; errno = " + (error.InnerException?.Message ?? error.Message);
        }

        return Sperrno(status);
    }

    /// <summary><c>clnt_spcreateerror</c> without its prefix, for a failed call that became a creation error (rpcb_getaddr).</summary>
    public static string CreateText(Exception error)
    {
        RpcStatus status = StatusOf(error);
        if (status == RpcStatus.SystemError && error is RpcException && error.Message.StartsWith("RPC: Remote system error - ", StringComparison.Ordinal))
        {
            return error.Message;
        }

        return Sperrno(status);
    }

    private static string AuthText(AuthStatus status) => (int)status switch
    {
        0 => "Authentication OK",
        1 => "Invalid client credential",
        2 => "Server rejected credential",
        3 => "Invalid client verifier",
        4 => "Server rejected verifier",
        5 => "Client credential too weak",
        6 => "Invalid server verifier",
        7 => "Failed (unspecified error)",
        _ => $"(unknown authentication error - {(int)status})",
    };
}

/// <summary>A client handle could not be made: libtirpc's <c>rpc_createerr</c>, already worded.</summary>
internal sealed class RpcInfoCreateException : Exception
{
    public RpcInfoCreateException(RpcStatus status, string text)
        : base(text)
    {
        Status = status;
    }

    public RpcInfoCreateException()
        : this(RpcStatus.Failed, ClntText.Sperrno(RpcStatus.Failed))
    {
    }

    public RpcInfoCreateException(string message)
        : this(RpcStatus.Failed, message)
    {
    }

    public RpcInfoCreateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = RpcStatus.Failed;
    }

    public RpcStatus Status { get; }

    public static RpcInfoCreateException Of(RpcStatus status) => new(status, ClntText.Sperrno(status));

    /// <summary>The local rpcbind socket is missing or refuses: libtirpc's last way to reach it fails with ENOENT.</summary>
    public static RpcInfoCreateException NoLocalSocket() =>
        new(RpcStatus.SystemError, "RPC: Remote system error - No such file or directory");

    /// <summary>getaddrinfo failed: rpcinfo reports <c>RPC_N2AXLATEFAILURE</c>, which libtirpc cannot name.</summary>
    public static RpcInfoCreateException NameLookupFailed() => new((RpcStatus)22, ClntText.UnknownErrorCode);
}
