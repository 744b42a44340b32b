using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Tls;

/// <summary>Our client against our server over RPC-with-TLS, with certificates made in the test.</summary>
public sealed class TlsClientServerTests : IDisposable
{
    private readonly TlsTestDirectory _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Theory]
    [InlineData(RpcClientIoMode.DedicatedThread)]
    [InlineData(RpcClientIoMode.Asynchronous)]
    public async Task Server_only_authentication_encrypts_the_calls_and_reports_the_session(RpcClientIoMode ioMode)
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server) });

        await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server, ioMode: ioMode));

        Assert.True(client.IsEncrypted);
        Assert.NotNull(client.Tls);
        Assert.Equal(SslProtocols.Tls13, client.Tls!.Protocol);
        Assert.Equal("sunrpc", client.Tls.ApplicationProtocol);
        Assert.Equal(_certificates.Server.Certificate.Thumbprint, client.Tls.RemoteCertificate!.Thumbprint);

        Assert.Equal("hello", await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.Echo, XdrCodec.String, "hello", XdrCodec.String));
        string large = new('x', 60_000); // several TLS records (16 KiB each) in one RPC record
        Assert.Equal(large, await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.Echo, XdrCodec.String, large, XdrCodec.String));
        string[] many = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.Echo, XdrCodec.String, "call " + i, XdrCodec.String)));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => "call " + i), many);
        Assert.Equal("-|None|Tls13", await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.WhoAmI, XdrCodec.Void, default, XdrCodec.String));
        Assert.Equal(1, server.Server.GetEventCount(RpcServerEventKind.TlsStarted));
    }

    [Fact]
    public async Task Mutual_authentication_gives_the_handler_the_client_certificate_and_keeps_the_rpc_credential()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.Mutual(_certificates.Server, _certificates.Client) });
        RpcClientOptions options = TlsClientSettings.For(_certificates.Server, clientCertificate: _certificates.Client);
        var sys = RpcAuth.Sys(new AuthSysParameters(0, "tls-test", 1000, 1000, []));

        await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, options);
        string who = await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.WhoAmI, XdrCodec.Void, default, XdrCodec.String,
            new RpcCallOptions { Auth = sys });

        Assert.Equal("rpc-client|Sys|Tls13", who);
    }

    [Fact]
    public async Task Mutual_authentication_without_a_client_certificate_fails_and_nothing_is_served()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.Mutual(_certificates.Server, _certificates.Client) });

        // In TLS 1.3 the client may finish its side before the server rejects it: the failure then shows on the first call.
        Exception error = await Assert.ThrowsAnyAsync<RpcException>(async () =>
        {
            await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server));
            await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.Echo, XdrCodec.String, "x", XdrCodec.String);
        });

        Assert.True(error is RpcTlsException { Error: RpcTlsError.HandshakeFailed } || ((RpcException)error).Status is RpcStatus.CantReceive or RpcStatus.CantSend, error.ToString());
        await Polling.WaitUntilAsync(() => server.Server.GetEventCount(RpcServerEventKind.TlsHandshakeFailed) == 1);
        Assert.Equal(0, server.Server.GetEventCount(RpcServerEventKind.TlsStarted));
    }

    [Fact]
    public async Task A_wrong_host_name_fails_the_handshake_with_a_typed_error()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server) });

        RpcTlsException error = await Assert.ThrowsAsync<RpcTlsException>(() =>
            RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server, targetHost: "wrong.example")));

        Assert.Equal(RpcTlsError.HandshakeFailed, error.Error);
        Assert.Equal(RpcStatus.TlsFailure, error.Status);
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task A_server_without_tls_fails_a_required_client_and_serves_an_opportunistic_one_in_clear_text()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(null);

        RpcTlsException error = await Assert.ThrowsAsync<RpcTlsException>(() =>
            RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server)));
        Assert.Equal(RpcTlsError.NotOffered, error.Error);
        Assert.Contains("AUTH_ERROR", error.Message, StringComparison.Ordinal);

        await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp,
            TlsClientSettings.For(_certificates.Server, RpcTlsPolicy.Opportunistic));
        Assert.False(client.IsEncrypted);
        Assert.Null(client.Tls);
        Assert.Equal("-|None|clear", await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.WhoAmI, XdrCodec.Void, default, XdrCodec.String));
    }

    [Fact]
    public async Task A_tls_listener_refuses_clear_text_calls_unless_allowed()
    {
        SslServerAuthenticationOptions tls = TlsTestServer.ServerOnly(_certificates.Server);
        await using (TlsTestServer strict = await TlsTestServer.StartAsync(new RpcServerTlsOptions { AuthenticationOptions = tls }))
        {
            await using RpcClient plain = await RpcClient.ConnectAsync(strict.EndPoint, RpcTransportKind.Tcp);
            RpcAuthenticationException refused = await Assert.ThrowsAsync<RpcAuthenticationException>(() =>
                plain.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.Echo, XdrCodec.String, "x", XdrCodec.String));
            Assert.Equal(AuthStatus.TooWeak, refused.AuthStatus);
        }

        await using TlsTestServer lenient = await TlsTestServer.StartAsync(new RpcServerTlsOptions { AuthenticationOptions = tls, AllowClearText = true });
        await using RpcClient client = await RpcClient.ConnectAsync(lenient.EndPoint, RpcTransportKind.Tcp);
        Assert.Equal("x", await client.CallAsync(TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.Echo, XdrCodec.String, "x", XdrCodec.String));
    }

    [Fact]
    public async Task AUTH_TLS_on_another_procedure_than_NULL_gets_AUTH_BADCRED_and_the_connection_stays_clear()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server) });
        using RawTlsPeer peer = await RawTlsPeer.ConnectAsync(server.EndPoint);

        await peer.SendRecordAsync(RawTlsPeer.Call(7, TlsTestServer.Program, TlsTestServer.Version, TlsTestServer.Echo, RawTlsPeer.TlsCredential));
        RpcReplyHeader reply = await peer.ReceiveReplyAsync();
        Assert.Equal(7u, reply.Xid);
        Assert.Equal(RejectStatus.AuthError, reply.RejectStatus);
        Assert.Equal(AuthStatus.BadCredential, reply.AuthStatus);

        // Still clear text: a proper probe is answered STARTTLS afterwards.
        await peer.SendRecordAsync(RawTlsPeer.Call(8, TlsTestServer.Program, TlsTestServer.Version, 0, RawTlsPeer.TlsCredential));
        RpcReplyHeader probe = await peer.ReceiveReplyAsync();
        Assert.True(RpcTlsProbe.OffersTls(probe));
    }

    [Fact]
    public async Task The_public_probe_sees_STARTTLS_from_a_tls_listener_and_AUTH_ERROR_from_a_plain_one()
    {
        await using TlsTestServer tls = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server) });
        await using TlsTestServer plain = await TlsTestServer.StartAsync(null);

        RpcReplyHeader offered = await RpcTlsProbe.ProbeAsync(tls.EndPoint, TlsTestServer.Program, TlsTestServer.Version, TimeSpan.FromSeconds(20));
        RpcReplyHeader refused = await RpcTlsProbe.ProbeAsync(plain.EndPoint, TlsTestServer.Program, TlsTestServer.Version, TimeSpan.FromSeconds(20));

        Assert.True(RpcTlsProbe.OffersTls(offered));
        Assert.False(RpcTlsProbe.OffersTls(refused));
        Assert.Equal(AuthStatus.BadCredential, refused.AuthStatus);
    }

    [Fact]
    public async Task A_client_offering_another_application_protocol_is_refused_by_our_server()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server) });

        foreach (List<SslApplicationProtocol>? alpn in new List<SslApplicationProtocol>?[] { [SslApplicationProtocol.Http2], null })
        {
            using RawTlsPeer peer = await RawTlsPeer.ConnectAsync(server.EndPoint);
            await peer.SendRecordAsync(RawTlsPeer.Call(1, TlsTestServer.Program, TlsTestServer.Version, 0, RawTlsPeer.TlsCredential));
            Assert.True(RpcTlsProbe.OffersTls(await peer.ReceiveReplyAsync()));

            await using var stream = new SslStream(new System.Net.Sockets.NetworkStream(peer.Socket, ownsSocket: false));
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ApplicationProtocols = alpn,
                RemoteCertificateValidationCallback = TlsClientSettings.TrustOnly(_certificates.Server),
            };
            try
            {
                await stream.AuthenticateAsClientAsync(options);

                // Without ALPN the handshake itself may pass; the server then closes before serving anything.
                byte[] buffer = new byte[16];
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                Assert.Equal(0, await stream.ReadAsync(buffer, timeout.Token));
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
            }
        }

        await Polling.WaitUntilAsync(() => server.Server.GetEventCount(RpcServerEventKind.TlsHandshakeFailed) == 2);
        Assert.Equal(0, server.Server.GetEventCount(RpcServerEventKind.TlsStarted));
    }

    [Fact]
    public async Task Tls_with_the_calling_thread_mode_or_udp_is_a_clear_NotSupportedException()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, 9);
        NotSupportedException callingThread = await Assert.ThrowsAsync<NotSupportedException>(() =>
            RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server, ioMode: RpcClientIoMode.CallingThread)));
        Assert.Contains("CallingThread", callingThread.Message, StringComparison.Ordinal);

        NotSupportedException udp = await Assert.ThrowsAsync<NotSupportedException>(() =>
            RpcClient.ConnectAsync(endPoint, RpcTransportKind.Udp, TlsClientSettings.For(_certificates.Server)));
        Assert.Contains("DTLS", udp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_options_below_tls_1_3_are_rejected()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(null);
        var options = new RpcClientOptions
        {
            Tls = new RpcClientTlsOptions
            {
                AuthenticationOptions = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls12 },
            },
        };

        await Assert.ThrowsAsync<ArgumentException>(() => RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, options));
        await using var rpc = new RpcServer();
        await Assert.ThrowsAsync<ArgumentException>(() => rpc.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0),
            new RpcServerTlsOptions { AuthenticationOptions = new SslServerAuthenticationOptions { ServerCertificate = _certificates.Server.Certificate, EnabledSslProtocols = SslProtocols.Tls12 } }));
    }
}
