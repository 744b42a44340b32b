using System.Net;
using System.Net.Sockets;
using OncRpc.Messages;
using OncRpc.Tls;
#if NET
using System.Net.Security;
using System.Security.Authentication;
#endif

namespace OncRpc.Client.Transport;

/// <summary>
/// Turns a freshly connected stream socket into an RPC-with-TLS connection (RFC 9289): the <c>AUTH_TLS</c> probe,
/// then, on a <c>STARTTLS</c> answer, a TLS 1.3 handshake with ALPN <c>sunrpc</c> over the same socket. Blocking,
/// bounded by <see cref="RpcClientTlsOptions.HandshakeTimeout"/> and the caller's token; run it where the client
/// connects (the connect thread of the dedicated-thread mode, or a pool thread).
/// </summary>
internal static class TlsClientStarter
{
    /// <summary>Checks, before anything is connected, that TLS can work with these options here.</summary>
    /// <exception cref="PlatformNotSupportedException">The netstandard2.0 build: no ALPN, no TLS 1.3.</exception>
    /// <exception cref="NotSupportedException">A datagram transport, or the calling-thread I/O mode.</exception>
    public static void Check(RpcClientOptions options, RpcTransportKind transport)
    {
        if (options.Tls is null)
        {
            return;
        }

#if !NET
        throw new PlatformNotSupportedException(
            "RPC-with-TLS needs ALPN and TLS 1.3, which netstandard2.0 lacks: use the net10.0 build of OncRpc (run on .NET 10).");
#else
        if (transport == RpcTransportKind.Udp)
        {
            throw new NotSupportedException("RPC-with-TLS runs over stream transports (TCP, Unix sockets) only; DTLS over UDP is not supported.");
        }

        if (options.IoMode == RpcClientIoMode.CallingThread)
        {
            throw new NotSupportedException(
                "RPC-with-TLS is not supported in the CallingThread I/O mode: it polls the raw socket, which cannot see replies TLS has already decrypted and buffered. Use DedicatedThread or Asynchronous.");
        }
#endif
    }

    /// <summary>
    /// Runs the blocking start (probe, handshake) on a thread of its own (it blocks for up to the handshake timeout), so the socket
    /// stays in blocking mode for the dedicated-thread receiver. <see langword="null"/>: clear text goes on.
    /// </summary>
    public static Task<ClientTlsSession?> StartAsync(
        Socket socket, EndPoint remote, RpcClientTlsOptions tls, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
#if NET
        return Task.Factory.StartNew(
            () => Start(socket, remote, tls, timeProvider, cancellationToken) is { } started ? new ClientTlsSession(started.Stream, started.Info) : null,
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
#else
        throw new PlatformNotSupportedException("RPC-with-TLS needs the net10.0 build of OncRpc.");
#endif
    }

#if NET
    /// <summary>
    /// Runs the probe and the handshake. Returns the TLS stream and what it agreed on, or <see langword="null"/>
    /// when the server did not offer TLS and the policy is <see cref="RpcTlsPolicy.Opportunistic"/> (the socket then
    /// carries clear text, exactly where it was).
    /// </summary>
    /// <exception cref="RpcTlsException">TLS was required but not offered, or the handshake failed or timed out.</exception>
    /// <exception cref="RpcProtocolException">The answer to the probe was malformed.</exception>
    /// <exception cref="RpcException">The connection failed during the probe.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static (SslStream Stream, RpcTlsInfo Info)? Start(
        Socket socket, EndPoint remote, RpcClientTlsOptions tls, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        SslClientAuthenticationOptions settings = TlsSettings.ForClient(tls.AuthenticationOptions, remote);
        using var deadline = new TlsDeadline(socket, tls.HandshakeTimeout, timeProvider, cancellationToken);
        RpcReplyHeader reply;
        try
        {
            reply = ProbeExchange.Exchange(socket, ProbeExchange.NewXid(), tls.ProbeProgram, tls.ProbeVersion);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.Fired)
            {
                throw new RpcTlsException(RpcTlsError.TimedOut, $"The server did not answer the AUTH_TLS probe within {tls.HandshakeTimeout}.", ex);
            }

            throw RpcErrors.CantReceive(ex);
        }

        if (!reply.IsSuccess || !TlsProbe.IsStartTls(reply.Verifier))
        {
            if (tls.Policy == RpcTlsPolicy.Opportunistic)
            {
                if (!deadline.TryComplete())
                {
                    // The deadline shut the socket down just as the answer came: the clear-text connection is gone too.
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new RpcTlsException(RpcTlsError.TimedOut, $"The AUTH_TLS probe took the whole handshake timeout of {tls.HandshakeTimeout}.");
                }

                return null;
            }

            throw new RpcTlsException(RpcTlsError.NotOffered, $"The server does not offer RPC-with-TLS: it answered the AUTH_TLS probe with {Describe(reply)}.");
        }

        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            stream.AuthenticateAsClient(settings);
            RpcTlsInfo info = TlsSettings.Describe(stream);
            if (!deadline.TryComplete())
            {
                throw new IOException("The handshake finished as its time ran out; the socket is already shut down.");
            }

            return (stream, info);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException or RpcTlsException)
        {
            stream.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.Fired)
            {
                throw new RpcTlsException(RpcTlsError.TimedOut, $"The TLS handshake did not finish within {tls.HandshakeTimeout}.", ex);
            }

            if (ex is RpcTlsException)
            {
                throw;
            }

            throw new RpcTlsException(RpcTlsError.HandshakeFailed, "The TLS handshake with the server failed: " + ex.Message, ex);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static string Describe(in RpcReplyHeader reply) => reply.Status switch
    {
        ReplyStatus.Denied when reply.RejectStatus == RejectStatus.AuthError => $"AUTH_ERROR ({reply.AuthStatus})",
        ReplyStatus.Denied => "RPC_MISMATCH",
        _ when reply.IsSuccess => "an accepted reply without the STARTTLS verifier",
        _ => $"accept status {reply.AcceptStatus}",
    };
#endif
}
