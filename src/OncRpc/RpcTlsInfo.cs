using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace OncRpc;

/// <summary>
/// What a finished RPC-with-TLS handshake agreed on: the TLS version, the application protocol (always
/// <c>sunrpc</c>) and the certificate of the other side. Seen from a client (<c>RpcClient.Tls</c>) the remote
/// certificate is the server's; seen from a server (<c>RpcCallContext.Tls</c>) it is the client's, or
/// <see langword="null"/> when the client authenticated with none (server-only authentication).
/// </summary>
/// <remarks>A TLS identity does not replace the RPC credential of a call: AUTH_SYS or RPCSEC_GSS still travel in every call.</remarks>
public sealed class RpcTlsInfo
{
    /// <summary>The application protocol (ALPN) RFC 9289 requires: <c>sunrpc</c>.</summary>
    public const string ApplicationProtocolName = "sunrpc";

    /// <summary>Initializes a new instance.</summary>
    /// <param name="protocol">The negotiated TLS version.</param>
    /// <param name="remoteCertificate">The certificate the other side presented, if any.</param>
    public RpcTlsInfo(SslProtocols protocol, X509Certificate2? remoteCertificate)
    {
        Protocol = protocol;
        RemoteCertificate = remoteCertificate;
    }

    /// <summary>Gets the negotiated TLS version (TLS 1.3 or later).</summary>
    public SslProtocols Protocol { get; }

    /// <summary>Gets the negotiated application protocol: always <see cref="ApplicationProtocolName"/>.</summary>
    public string ApplicationProtocol => ApplicationProtocolName;

    /// <summary>Gets the certificate the other side presented, or <see langword="null"/> when it presented none.</summary>
    public X509Certificate2? RemoteCertificate { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Protocol} {ApplicationProtocol}" + (RemoteCertificate is null ? string.Empty : " " + RemoteCertificate.Subject);
}
