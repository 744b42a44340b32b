#if NET
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace OncRpc.Tls;

/// <summary>
/// What RFC 9289 demands of every RPC-with-TLS handshake, applied to the user's settings on either side: TLS 1.3
/// or later, and the application protocol <c>sunrpc</c> alone. The user's options object is copied, never changed,
/// since one instance may serve many clients or listeners.
/// </summary>
internal static class TlsSettings
{
    public static readonly SslApplicationProtocol Sunrpc = new(RpcTlsInfo.ApplicationProtocolName);

    // Ssl2, Ssl3, Tls, Tls11 and Tls12 by value, to name no obsolete member.
    private const int BelowTls13 = 0x0C | 0x30 | 0xC0 | 0x300 | 0xC00;

    public static SslClientAuthenticationOptions ForClient(SslClientAuthenticationOptions? user, EndPoint remote)
    {
        user ??= new SslClientAuthenticationOptions();
        return new SslClientAuthenticationOptions
        {
            TargetHost = user.TargetHost ?? DefaultTargetHost(remote),
            ApplicationProtocols = [Sunrpc],
            EnabledSslProtocols = CheckProtocols(user.EnabledSslProtocols, nameof(SslClientAuthenticationOptions)),
            AllowRenegotiation = false,
            AllowTlsResume = user.AllowTlsResume,
            CertificateChainPolicy = user.CertificateChainPolicy,
            CertificateRevocationCheckMode = user.CertificateRevocationCheckMode,
            CipherSuitesPolicy = user.CipherSuitesPolicy,
            ClientCertificateContext = user.ClientCertificateContext,
            ClientCertificates = user.ClientCertificates,
            LocalCertificateSelectionCallback = user.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = user.RemoteCertificateValidationCallback,
        };
    }

    public static SslServerAuthenticationOptions ForServer(SslServerAuthenticationOptions user)
    {
        if (user.ServerCertificate is null && user.ServerCertificateContext is null && user.ServerCertificateSelectionCallback is null)
        {
            throw new ArgumentException("The TLS options name no server certificate (ServerCertificate, ServerCertificateContext or ServerCertificateSelectionCallback).", nameof(user));
        }

        return new SslServerAuthenticationOptions
        {
            ApplicationProtocols = [Sunrpc],
            EnabledSslProtocols = CheckProtocols(user.EnabledSslProtocols, nameof(SslServerAuthenticationOptions)),
            AllowRenegotiation = false,
            AllowTlsResume = user.AllowTlsResume,
            CertificateChainPolicy = user.CertificateChainPolicy,
            CertificateRevocationCheckMode = user.CertificateRevocationCheckMode,
            CipherSuitesPolicy = user.CipherSuitesPolicy,
            ClientCertificateRequired = user.ClientCertificateRequired,
            RemoteCertificateValidationCallback = user.RemoteCertificateValidationCallback,
            ServerCertificate = user.ServerCertificate,
            ServerCertificateContext = user.ServerCertificateContext,
            ServerCertificateSelectionCallback = user.ServerCertificateSelectionCallback,
        };
    }

    /// <summary>Checks what the handshake agreed on and describes it; throws when it is not what RFC 9289 requires.</summary>
    /// <exception cref="RpcTlsException">No <c>sunrpc</c> ALPN, or a TLS version below 1.3.</exception>
    public static RpcTlsInfo Describe(SslStream stream)
    {
        if (stream.NegotiatedApplicationProtocol != Sunrpc)
        {
            string got = stream.NegotiatedApplicationProtocol.Protocol.IsEmpty ? "none" : "'" + stream.NegotiatedApplicationProtocol + "'";
            throw new RpcTlsException(
                RpcTlsError.ApplicationProtocolMismatch,
                $"The TLS handshake agreed on the application protocol {got}; RFC 9289 requires 'sunrpc'.");
        }

        if (((int)stream.SslProtocol & BelowTls13) != 0)
        {
            throw new RpcTlsException(RpcTlsError.ProtocolVersion, $"The TLS handshake agreed on {stream.SslProtocol}; RFC 9289 requires TLS 1.3 or later.");
        }

        X509Certificate2? remote = stream.RemoteCertificate switch
        {
            null => null,
            X509Certificate2 certificate => certificate,
            X509Certificate other => X509CertificateLoader.LoadCertificate(other.GetRawCertData()),
        };
        return new RpcTlsInfo(stream.SslProtocol, remote);
    }

    private static SslProtocols CheckProtocols(SslProtocols requested, string owner)
    {
        if (requested == SslProtocols.None)
        {
            return SslProtocols.Tls13;
        }

        if (((int)requested & BelowTls13) != 0)
        {
            throw new ArgumentException($"{owner}.EnabledSslProtocols is {requested}; RFC 9289 requires TLS 1.3 or later, so leave it at None or set Tls13.", owner);
        }

        return requested;
    }

    private static string DefaultTargetHost(EndPoint remote) => remote switch
    {
        IPEndPoint ip => ip.Address.ToString(),
        DnsEndPoint dns => dns.Host,
        _ => "localhost",
    };
}
#endif
