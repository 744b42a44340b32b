using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OncRpc.Client;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using Xunit;

namespace OncRpc.Portmapper.Tests.Server;

/// <summary>The embeddable rpcbind service with RPC-with-TLS on its TCP listener (what rpcbindd --tls-cert/--tls-key sets up).</summary>
public sealed class RpcbindServiceTlsTests
{
    [Fact]
    public async Task Dump_works_over_tls_and_in_clear_text_when_clear_text_is_allowed()
    {
        using X509Certificate2 certificate = SelfSigned();
        await using RpcbindService service = await RpcbindService.StartAsync(new RpcbindServiceOptions
        {
            Port = 0,
            Addresses = [IPAddress.Loopback],
            Tls = new RpcServerTlsOptions
            {
                AllowClearText = true,
                AuthenticationOptions = new SslServerAuthenticationOptions { ServerCertificate = certificate },
            },
        });
        EndPoint tcp = service.EndPoints.First(e => e.Transport == RpcTransportKind.Tcp).EndPoint;
        var options = new RpcClientOptions
        {
            Tls = new RpcClientTlsOptions
            {
                AuthenticationOptions = new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
                },
            },
        };

        await using RpcClient secure = await RpcClient.ConnectAsync(tcp, RpcTransportKind.Tcp, options);
        IReadOnlyList<RpcbindMapping> overTls = await new RpcbindClient(secure).DumpAsync();
        await using RpcClient clear = await RpcClient.ConnectAsync(tcp, RpcTransportKind.Tcp);
        IReadOnlyList<RpcbindMapping> inClear = await new RpcbindClient(clear).DumpAsync();

        Assert.True(secure.IsEncrypted);
        Assert.Contains(overTls, m => m.Program == PortmapperProgram.Number);
        Assert.Equal(inClear, overTls);
        Assert.Equal(1, service.Server.GetEventCount(RpcServerEventKind.TlsStarted));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
