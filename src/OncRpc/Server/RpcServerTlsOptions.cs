#if NET
using System.Net.Security;
#endif

namespace OncRpc.Server;

/// <summary>
/// RPC-with-TLS (RFC 9289) settings of a TCP listener, passed to
/// <see cref="RpcServer.ListenTcpAsync(System.Net.IPEndPoint, RpcServerTlsOptions, CancellationToken)"/>. The
/// listener answers a NULL call with the <c>AUTH_TLS</c> credential with the <c>STARTTLS</c> verifier, then runs a
/// TLS 1.3 handshake with ALPN <c>sunrpc</c> on the same connection; record marking goes on unchanged inside it.
/// </summary>
/// <remarks>
/// <para>TLS needs .NET 10 (the <c>net10.0</c> build of the package): netstandard2.0 has neither ALPN nor TLS 1.3,
/// so there listening with TLS options throws <see cref="PlatformNotSupportedException"/>.</para>
/// <para>The handler of a call sees the TLS session in <see cref="RpcCallContext.Tls"/> and the client's
/// certificate in <see cref="RpcCallContext.ClientCertificate"/>; the call's RPC credential (AUTH_SYS, RPCSEC_GSS)
/// is still the call's own, a TLS identity does not replace it. <c>AUTH_TLS</c> on another procedure than NULL,
/// or on a connection already in TLS, is answered with AUTH_ERROR (<see cref="Messages.AuthStatus.BadCredential"/>).</para>
/// </remarks>
public sealed class RpcServerTlsOptions
{
    private TimeSpan _handshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets a value indicating whether calls other than the probe are answered in clear text. When
    /// <see langword="false"/> (the default) such calls get AUTH_ERROR (<see cref="Messages.AuthStatus.TooWeak"/>)
    /// until the connection is in TLS: a client must start TLS before it can call anything.
    /// </summary>
    public bool AllowClearText { get; init; }

    /// <summary>
    /// Gets the time a client may take, after the <c>STARTTLS</c> answer, to finish the TLS handshake; a client
    /// that stalls is disconnected and counted as <see cref="RpcServerEventKind.TlsHandshakeFailed"/>. Default 10 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite.</exception>
    public TimeSpan HandshakeTimeout
    {
        get => _handshakeTimeout;
        init => _handshakeTimeout = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), value, "The timeout must be positive or infinite.");
    }

#if NET
    /// <summary>
    /// Gets the TLS settings: the server's certificate (<see cref="SslServerAuthenticationOptions.ServerCertificate"/>,
    /// <see cref="SslServerAuthenticationOptions.ServerCertificateContext"/> or a selection callback, one of them
    /// required), and for mutual authentication <see cref="SslServerAuthenticationOptions.ClientCertificateRequired"/>
    /// with a <see cref="SslServerAuthenticationOptions.RemoteCertificateValidationCallback"/>. The listener copies
    /// them and sets the application protocols to <c>sunrpc</c> alone; enabled protocols left at
    /// <see cref="System.Security.Authentication.SslProtocols.None"/> become TLS 1.3.
    /// </summary>
    public SslServerAuthenticationOptions? AuthenticationOptions { get; init; }
#endif
}
