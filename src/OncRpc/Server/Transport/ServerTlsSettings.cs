#if NET
using System.Net.Security;
using OncRpc.Tls;
#endif

namespace OncRpc.Server.Transport;

/// <summary>
/// The RPC-with-TLS settings of one stream listener, checked and copied once when it starts: the TLS options with
/// ALPN <c>sunrpc</c> and TLS 1.3 imposed, whether clear-text calls are served, and the handshake's time limit.
/// </summary>
internal sealed class ServerTlsSettings
{
    private ServerTlsSettings(RpcServerTlsOptions options)
    {
        AllowClearText = options.AllowClearText;
        HandshakeTimeout = options.HandshakeTimeout;
#if NET
        Authentication = TlsSettings.ForServer(options.AuthenticationOptions
            ?? throw new ArgumentException("RpcServerTlsOptions.AuthenticationOptions must name the server's certificate.", nameof(options)));
#endif
    }

    public bool AllowClearText { get; }

    public TimeSpan HandshakeTimeout { get; }

#if NET
    public SslServerAuthenticationOptions Authentication { get; }
#endif

    /// <exception cref="PlatformNotSupportedException">The netstandard2.0 build: no ALPN, no TLS 1.3.</exception>
    /// <exception cref="ArgumentException">No server certificate, or protocols below TLS 1.3.</exception>
    public static ServerTlsSettings Create(RpcServerTlsOptions options)
    {
#if NET
        return new ServerTlsSettings(options ?? throw new ArgumentNullException(nameof(options)));
#else
        throw new PlatformNotSupportedException(
            "RPC-with-TLS needs ALPN and TLS 1.3, which netstandard2.0 lacks: use the net10.0 build of OncRpc (run on .NET 10).");
#endif
    }
}
