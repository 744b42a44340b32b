using System.Net;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Tls;

/// <summary>
/// RPC-with-TLS against a stack we did not write: the Python peers in Tls/python (python3's ssl module, OpenSSL,
/// TLS 1.3, ALPN), started as subprocesses on loopback with a bounded lifetime.
/// </summary>
public sealed class TlsPythonInteropTests : IDisposable
{
    private readonly TlsTestDirectory _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Our_client_talks_to_the_python_server_with_server_only_authentication()
    {
        using PythonPeer python = PythonPeer.Start("rpctls_server.py", "--cert", _certificates.Server.CertificatePath, "--key", _certificates.Server.KeyPath);
        var endPoint = new IPEndPoint(IPAddress.Loopback, python.WaitForPort());

        await using RpcClient client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server));

        Assert.True(client.IsEncrypted);
        Assert.Equal("across stacks", await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, 1, XdrCodec.String, "across stacks", XdrCodec.String));
        Assert.Equal("-|0", await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, 2, XdrCodec.Void, default, XdrCodec.String));
        Assert.Equal("TLS TLSv1.3 sunrpc", python.WaitForLine(l => l.StartsWith("TLS ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Our_client_presents_its_certificate_to_the_python_server_and_keeps_its_AUTH_SYS_credential()
    {
        using PythonPeer python = PythonPeer.Start("rpctls_server.py", "--cert", _certificates.Server.CertificatePath, "--key", _certificates.Server.KeyPath,
            "--client-ca", _certificates.Client.CertificatePath);
        var endPoint = new IPEndPoint(IPAddress.Loopback, python.WaitForPort());
        RpcClientOptions options = TlsClientSettings.For(_certificates.Server, clientCertificate: _certificates.Client);

        await using RpcClient client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, options);
        string who = await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, 2, XdrCodec.Void, default, XdrCodec.String,
            new RpcCallOptions { Auth = RpcAuth.Sys(new AuthSysParameters(0, "interop", 1000, 1000)) });

        Assert.Equal("rpc-client|1", who);
    }

    [Fact]
    public async Task Our_client_against_a_python_server_without_tls_follows_its_policy()
    {
        using PythonPeer python = PythonPeer.Start("rpctls_server.py", "--cert", _certificates.Server.CertificatePath, "--key", _certificates.Server.KeyPath, "--no-tls");
        var endPoint = new IPEndPoint(IPAddress.Loopback, python.WaitForPort());

        RpcTlsException error = await Assert.ThrowsAsync<RpcTlsException>(() =>
            RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server)));
        Assert.Equal(RpcTlsError.NotOffered, error.Error);

        await using RpcClient client = await RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server, RpcTlsPolicy.Opportunistic));
        Assert.False(client.IsEncrypted);
        Assert.Equal("clear", await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, 1, XdrCodec.String, "clear", XdrCodec.String));
    }

    [Fact]
    public async Task A_python_server_with_another_application_protocol_fails_the_connect()
    {
        using PythonPeer python = PythonPeer.Start("rpctls_server.py", "--cert", _certificates.Server.CertificatePath, "--key", _certificates.Server.KeyPath, "--alpn", "h2");
        var endPoint = new IPEndPoint(IPAddress.Loopback, python.WaitForPort());

        RpcTlsException error = await Assert.ThrowsAsync<RpcTlsException>(() =>
            RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server)));

        Assert.True(error.Error is RpcTlsError.ApplicationProtocolMismatch or RpcTlsError.HandshakeFailed, error.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_python_client_talks_to_our_server(bool mutual)
    {
        RpcServerTlsOptions tls = new()
        {
            AuthenticationOptions = mutual
                ? TlsTestServer.Mutual(_certificates.Server, _certificates.Client)
                : TlsTestServer.ServerOnly(_certificates.Server),
        };
        await using TlsTestServer server = await TlsTestServer.StartAsync(tls);
        List<string> arguments = ["--port", server.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ca", _certificates.Server.CertificatePath,
            "--prog", TlsTestServer.Program.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (mutual)
        {
            arguments.AddRange(["--cert", _certificates.Client.CertificatePath, "--key", _certificates.Client.KeyPath]);
        }

        using PythonPeer python = PythonPeer.Start("rpctls_client.py", [.. arguments]);

        Assert.True(await python.WaitForExitAsync() == 0, python.Output);
        Assert.StartsWith("OK TLSv1.3 sunrpc hello over tls", python.Output, StringComparison.Ordinal);
        Assert.Equal(1, server.Server.GetEventCount(RpcServerEventKind.TlsStarted));
    }
}
