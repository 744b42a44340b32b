#if NET
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace OncRpc.Tls;

/// <summary>
/// The server side of starting TLS on an accepted connection after its <c>STARTTLS</c> answer has been sent:
/// the handshake with ALPN <c>sunrpc</c> and TLS 1.3, bounded by the listener's handshake timeout, then the
/// checks RFC 9289 makes (the negotiated application protocol).
/// </summary>
internal static class TlsServerHandshake
{
    /// <exception cref="RpcTlsException">The handshake failed, timed out, or did not agree on <c>sunrpc</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the server is stopping).</exception>
    public static async Task<(SslStream Stream, RpcTlsInfo Info)> AuthenticateAsync(
        Socket socket, SslServerAuthenticationOptions settings, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        using var deadline = new TlsDeadline(socket, timeout, timeProvider, cancellationToken);
        try
        {
            await stream.AuthenticateAsServerAsync(settings, CancellationToken.None).ConfigureAwait(false);
            RpcTlsInfo info = TlsSettings.Describe(stream);
            if (!deadline.TryComplete())
            {
                throw new IOException("The handshake finished as its time ran out; the socket is already shut down.");
            }

            return (stream, info);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException or RpcTlsException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.Fired)
            {
                throw new RpcTlsException(RpcTlsError.TimedOut, $"The client did not finish the TLS handshake within {timeout}.", ex);
            }

            if (ex is RpcTlsException)
            {
                throw;
            }

            throw new RpcTlsException(RpcTlsError.HandshakeFailed, "The TLS handshake with the client failed: " + ex.Message, ex);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
#endif
