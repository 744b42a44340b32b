using System.Net;
using OncRpc.Messages;
using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>Describes one call an <see cref="RpcServer"/> received: who sent it, over which transport, with which credential.</summary>
public sealed class RpcCallContext
{
    // The socket's fixed facts (transport, local endpoint, peer uid) are read through the endpoint rather than copied:
    // a context is allocated for every call that reaches a handler, and three copied fields cost 16 bytes per call.
    // Tls is still copied, as the endpoint's changes once when the connection starts TLS.
    private readonly ServerEndpoint _endpoint;

    internal RpcCallContext(in RpcCallHeader header, ServerEndpoint endpoint, EndPoint? remoteEndPoint)
    {
        Xid = header.Xid;
        Program = header.Program;
        Version = header.Version;
        Procedure = header.Procedure;
        Credential = header.Credential;
        Verifier = header.Verifier;
        _endpoint = endpoint;
        RemoteEndPoint = remoteEndPoint;
        Tls = endpoint.Tls;
    }

    /// <summary>Gets the transaction id the client chose.</summary>
    public uint Xid { get; }

    /// <summary>Gets the program number of the call.</summary>
    public uint Program { get; }

    /// <summary>Gets the program version of the call.</summary>
    public uint Version { get; }

    /// <summary>Gets the procedure number of the call.</summary>
    public uint Procedure { get; }

    /// <summary>Gets the credential the client sent. Nothing vouches for it: AUTH_SYS credentials are only claims.</summary>
    public OpaqueAuth Credential { get; }

    /// <summary>Gets the verifier the client sent.</summary>
    public OpaqueAuth Verifier { get; }

    /// <summary>
    /// Gets what the connection's RPC-with-TLS handshake agreed on (TLS version, <c>sunrpc</c>, the client's
    /// certificate), or <see langword="null"/> when the call arrived in clear text. A TLS identity does not replace
    /// the call's <see cref="Credential"/>: AUTH_SYS or RPCSEC_GSS still comes with each call.
    /// </summary>
    public RpcTlsInfo? Tls { get; }

    /// <summary>Gets a value indicating whether the call arrived over RPC-with-TLS.</summary>
    public bool IsEncrypted => Tls is not null;

    /// <summary>
    /// Gets the certificate the client presented in the TLS handshake (mutual authentication, validated by the
    /// listener's <c>RemoteCertificateValidationCallback</c> or the system's trust), or <see langword="null"/> in
    /// clear text or when the client presented none.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate => Tls?.RemoteCertificate;

    /// <summary>Gets the transport the call arrived on.</summary>
    public RpcTransportKind Transport => _endpoint.Transport;

    /// <summary>Gets the server's endpoint the call arrived at.</summary>
    public EndPoint? LocalEndPoint => _endpoint.LocalEndPoint;

    /// <summary>Gets the client's endpoint (for Unix sockets usually unnamed), when the operating system reports one.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// Gets the user id of the process at the other end of a Unix domain socket, as the kernel reports it
    /// (SO_PEERCRED on Linux), or <see langword="null"/> on other transports and platforms. Unlike an AUTH_SYS
    /// credential it cannot be forged.
    /// </summary>
    public uint? PeerUserId => _endpoint.PeerUserId;

    /// <summary>
    /// Gets a value indicating whether the call came from this machine: over a Unix domain socket, or from a
    /// loopback address.
    /// </summary>
    public bool IsLocal => Transport == RpcTransportKind.Local || (RemoteEndPoint is IPEndPoint ip && IPAddress.IsLoopback(ip.Address));

    /// <inheritdoc/>
    public override string ToString() =>
        $"xid={Xid} prog={Program} vers={Version} proc={Procedure} {Transport} from {RemoteEndPoint?.ToString() ?? "-"}";
}
