using System.Net;
using OncRpc.Messages;
using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>
/// The RPC-with-TLS rules a call meets before authentication and dispatch (RFC 9289, section 4.1): the probe (a
/// NULL call with the <c>AUTH_TLS</c> credential) on a TLS listener's clear-text connection is answered with the
/// <c>STARTTLS</c> verifier and the connection asked to start TLS; <c>AUTH_TLS</c> anywhere else (another procedure,
/// a connection already in TLS, a listener without TLS, UDP) gets AUTH_ERROR / AUTH_BADCRED; and a TLS listener
/// that does not allow clear text answers every other clear-text call with AUTH_ERROR / AUTH_TOOWEAK.
/// </summary>
internal static class TlsCallGate
{
    /// <summary>Answers the call when one of the rules applies; <see langword="false"/> lets it go on to dispatch.</summary>
    public static bool TryAnswer(in RpcCallHeader header, ReplyChannel channel, EndPoint? remote, CallDispatcher dispatcher)
    {
        ServerEndpoint endpoint = channel.Endpoint;
        if (TlsProbe.HasTlsCredential(in header))
        {
            if (TlsProbe.IsProbe(in header) && endpoint.TlsSettings is not null && endpoint.Tls is null && channel.TryBeginTls())
            {
                // Queued before the connection stops reading; it leaves in clear text, ahead of the handshake.
                RpcReplyHeader startTls = RpcReplyHeader.Success(header.Xid, TlsProbe.StartTlsVerifier);
                dispatcher.Completed(EmptyReply.Send(channel, remote, startTls), startTls, null);
                return true;
            }

            dispatcher.SendError(channel, remote, RpcReplyHeader.AuthError(header.Xid, AuthStatus.BadCredential), RpcServerEventKind.AuthenticationFailed, null);
            return true;
        }

        if (endpoint.TlsSettings is { AllowClearText: false } && endpoint.Tls is null)
        {
            dispatcher.SendError(channel, remote, RpcReplyHeader.AuthError(header.Xid, AuthStatus.TooWeak), RpcServerEventKind.AuthenticationFailed, null);
            return true;
        }

        return false;
    }
}
