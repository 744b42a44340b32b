using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Tests.Tls;

/// <summary>Our server with RPC-with-TLS on a loopback TCP port, serving a small test program.</summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    public const uint Program = 0x2000_0099;
    public const uint Version = 1;
    public const uint Echo = 1;
    public const uint WhoAmI = 2;

    private TlsTestServer(RpcServer server, IPEndPoint endPoint)
    {
        Server = server;
        EndPoint = endPoint;
    }

    public RpcServer Server { get; }

    public IPEndPoint EndPoint { get; }

    public static SslServerAuthenticationOptions ServerOnly(TestCertificate server) => new() { ServerCertificate = server.Certificate };

    /// <summary>Requires a client certificate and accepts exactly <paramref name="client"/> (self-signed, so no chain).</summary>
    public static SslServerAuthenticationOptions Mutual(TestCertificate server, TestCertificate client) => new()
    {
        ServerCertificate = server.Certificate,
        ClientCertificateRequired = true,
        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == client.Certificate.GetCertHashString(),
    };

    public static async Task<TlsTestServer> StartAsync(RpcServerTlsOptions? tls, RpcServerOptions? options = null)
    {
        var server = new RpcServer(options);
        server.AddProcedure(Program, Version, Echo, XdrCodec.String, XdrCodec.String, (text, _) => text);

        // "client certificate CN|credential flavor|TLS version or clear": what the handler's context says.
        server.AddProcedure(Program, Version, WhoAmI, XdrCodec.Void, XdrCodec.String, (_, context) =>
            $"{context.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false) ?? "-"}|{context.Credential.Flavor}|{context.Tls?.Protocol.ToString() ?? "clear"}");
        EndPoint bound = tls is null
            ? await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0))
            : await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0), tls);
        return new TlsTestServer(server, (IPEndPoint)bound);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
