using System.Net.Sockets;
using System.Runtime.InteropServices;
using OncRpc.Messages;

namespace OncRpc.Client;

/// <summary>Builds the exceptions of failed calls, with the texts of libtirpc's <c>clnt_sperror</c>.</summary>
internal static class RpcErrors
{
    internal const string TimedOutMessage = "RPC: Timed out";

    // libtirpc turns an end of stream into ECONNRESET, so a peer that closes shows up as a reset.
    private const string ResetText = "Connection reset by peer";

    public static TimeoutException TimedOut() => new(TimedOutMessage);

    public static RpcException CantReceive(Exception? inner) =>
        new(RpcStatus.CantReceive, "RPC: Unable to receive; errno = " + ErrnoText(inner), inner);

    public static RpcException CantSend(Exception? inner) =>
        new(RpcStatus.CantSend, "RPC: Unable to send; errno = " + ErrnoText(inner), inner);

    public static RpcException ConnectFailed(SocketException inner) =>
        new(RpcStatus.SystemError, "RPC: Remote system error - " + ErrnoText(inner), inner);

    public static RpcException CantDecodeResult(Exception? inner) =>
        new(RpcStatus.CantDecodeResult, "RPC: Can't decode result", inner);

    public static RpcException CantEncodeArguments(Exception? inner) =>
        new(RpcStatus.CantEncodeArguments, "RPC: Can't encode arguments", inner);

    /// <summary>The exception for a reply that is not a successful acceptance.</summary>
    public static RpcException FromReply(in RpcReplyHeader header)
    {
        if (header.Status == ReplyStatus.Denied)
        {
            return header.RejectStatus == RejectStatus.RpcMismatch
                ? new RpcVersionMismatchException(header.MismatchLow, header.MismatchHigh)
                : new RpcAuthenticationException(header.AuthStatus);
        }

        return header.AcceptStatus switch
        {
            AcceptStatus.ProgramUnavailable => new RpcException(RpcStatus.ProgramUnavailable, "RPC: Program unavailable"),
            AcceptStatus.ProgramMismatch => new RpcProgramMismatchException(header.MismatchLow, header.MismatchHigh),
            AcceptStatus.ProcedureUnavailable => new RpcException(RpcStatus.ProcedureUnavailable, "RPC: Procedure unavailable"),
            AcceptStatus.GarbageArguments => new RpcException(RpcStatus.CantDecodeArguments, "RPC: Server can't decode arguments"),
            AcceptStatus.SystemError => new RpcException(RpcStatus.SystemError, "RPC: Remote system error"),
            _ => new RpcException(RpcStatus.CantDecodeResult, "RPC: Can't decode result"),
        };
    }

    /// <summary>A fresh copy of a connection-wide failure, so that each failed call throws its own instance.</summary>
    public static Exception Copy(Exception template) => template switch
    {
        RpcException r => r.CopyForCall(),
        ObjectDisposedException d => new ObjectDisposedException(d.ObjectName),
        _ => template,
    };

    /// <summary>The <c>strerror</c> text libtirpc would print for the error, on every platform.</summary>
    public static string ErrnoText(Exception? error)
    {
        SocketException? socketError = error as SocketException ?? error?.InnerException as SocketException;
        if (socketError is null)
        {
            return ResetText;
        }

        // On Unix .NET already reports strerror(errno); elsewhere use the glibc wording for the common cases.
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && !string.IsNullOrEmpty(socketError.Message))
        {
            return socketError.Message;
        }

        return socketError.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "Connection refused",
            SocketError.ConnectionReset => ResetText,
            SocketError.ConnectionAborted => "Software caused connection abort",
            SocketError.Shutdown => "Broken pipe",
            SocketError.HostUnreachable => "No route to host",
            SocketError.NetworkUnreachable => "Network is unreachable",
            SocketError.TimedOut => "Connection timed out",
            SocketError.AccessDenied => "Permission denied",
            SocketError.AddressAlreadyInUse => "Address already in use",
            SocketError.AddressNotAvailable => "Cannot assign requested address",
            SocketError.MessageSize => "Message too long",
            SocketError.NotConnected => "Transport endpoint is not connected",
            _ => socketError.Message,
        };
    }
}
