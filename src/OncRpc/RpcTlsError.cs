namespace OncRpc;

/// <summary>Why RPC-with-TLS could not be set up on a connection; see <see cref="RpcTlsException.Error"/>.</summary>
public enum RpcTlsError
{
    /// <summary>
    /// The server answered the <c>AUTH_TLS</c> probe without the <c>STARTTLS</c> verifier (usually with AUTH_ERROR):
    /// it does not offer TLS, and the client required it.
    /// </summary>
    NotOffered = 0,

    /// <summary>The TLS handshake failed: the certificate was not accepted (name, chain, callback), or the peer broke the TLS protocol.</summary>
    HandshakeFailed = 1,

    /// <summary>The probe or the handshake did not finish within the handshake timeout.</summary>
    TimedOut = 2,

    /// <summary>The handshake finished without agreeing on the <c>sunrpc</c> application protocol (ALPN), which RFC 9289 makes mandatory.</summary>
    ApplicationProtocolMismatch = 3,

    /// <summary>TLS 1.3 or later could not be negotiated.</summary>
    ProtocolVersion = 4,
}
