#if NET
using System.Net.Security;
#endif

namespace OncRpc.Client;

/// <summary>
/// RPC-with-TLS (RFC 9289) settings of an <see cref="RpcClient"/>, set through <see cref="RpcClientOptions.Tls"/>.
/// Right after connecting, the client sends a NULL call with the <c>AUTH_TLS</c> credential to
/// <see cref="ProbeProgram"/> and <see cref="ProbeVersion"/>; a server that answers <c>STARTTLS</c> is then
/// talked to through TLS 1.3 or later with the application protocol (ALPN) <c>sunrpc</c>, on the same TCP
/// connection, with record marking unchanged inside it.
/// </summary>
/// <remarks>
/// <para>TLS needs .NET 10 (the <c>net10.0</c> build of the package): netstandard2.0 has neither ALPN nor TLS 1.3,
/// so there connecting with TLS options throws <see cref="PlatformNotSupportedException"/>.</para>
/// <para>Stream transports only (TCP and Unix sockets); DTLS over UDP is not supported. The
/// <see cref="RpcClientIoMode.CallingThread"/> mode polls the raw socket, which cannot see the bytes TLS has
/// already decrypted and buffered, so it is not supported with TLS either: <see cref="NotSupportedException"/>.</para>
/// <para>A TLS identity does not replace RPC credentials: calls still carry <see cref="RpcClientOptions.Auth"/>.</para>
/// </remarks>
public sealed class RpcClientTlsOptions
{
    private TimeSpan _handshakeTimeout = TimeSpan.FromSeconds(10);
    private RpcTlsPolicy _policy;

    /// <summary>Gets what happens when the server does not offer TLS. Default <see cref="RpcTlsPolicy.Required"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined policy.</exception>
    public RpcTlsPolicy Policy
    {
        get => _policy;
        init => _policy = value is RpcTlsPolicy.Required or RpcTlsPolicy.Opportunistic
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Policy), value, "Unknown TLS policy.");
    }

    /// <summary>
    /// Gets the program the probe's NULL call goes to. Default 100000 (the portmapper); set the program the
    /// client will call, since a server may answer the probe only for programs it serves (ours answers it for any).
    /// </summary>
    public uint ProbeProgram { get; init; } = 100000;

    /// <summary>Gets the version the probe's NULL call goes to. Default 2.</summary>
    public uint ProbeVersion { get; init; } = 2;

    /// <summary>
    /// Gets the time the probe and the TLS handshake together may take; a server that answers neither, or stalls
    /// the handshake, fails the connect with <see cref="RpcTlsError.TimedOut"/>. Default 10 seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite.</exception>
    public TimeSpan HandshakeTimeout
    {
        get => _handshakeTimeout;
        init => _handshakeTimeout = RpcClientOptions.CheckTimeout(value, nameof(HandshakeTimeout));
    }

#if NET
    /// <summary>
    /// Gets the TLS settings: <see cref="SslClientAuthenticationOptions.TargetHost"/> (the name the server's
    /// certificate must carry; when <see langword="null"/> the server's IP address is used),
    /// <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>, and for mutual
    /// authentication <see cref="SslClientAuthenticationOptions.ClientCertificates"/> or
    /// <see cref="SslClientAuthenticationOptions.ClientCertificateContext"/>. The client copies them when it
    /// connects and sets the application protocols to <c>sunrpc</c> alone; enabled protocols left at
    /// <see cref="System.Security.Authentication.SslProtocols.None"/> become TLS 1.3. <see langword="null"/>:
    /// the system's defaults (the server's certificate must chain to a trusted root and name its IP address).
    /// </summary>
    public SslClientAuthenticationOptions? AuthenticationOptions { get; init; }
#endif
}
