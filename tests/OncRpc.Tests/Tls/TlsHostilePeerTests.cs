using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using Xunit;

namespace OncRpc.Tests.Tls;

/// <summary>Peers that break RPC-with-TLS on purpose: every failure is bounded in time and typed.</summary>
public sealed class TlsHostilePeerTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(500);
    private readonly TlsTestDirectory _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task A_server_that_answers_STARTTLS_and_never_handshakes_times_out()
    {
        using PythonPeer python = PythonPeer.Start("rpctls_server.py", "--cert", _certificates.Server.CertificatePath, "--key", _certificates.Server.KeyPath, "--stall");
        var endPoint = new IPEndPoint(IPAddress.Loopback, python.WaitForPort());
        var clock = Stopwatch.StartNew();

        RpcTlsException error = await Assert.ThrowsAsync<RpcTlsException>(() =>
            RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server, handshakeTimeout: Short)));

        Assert.Equal(RpcTlsError.TimedOut, error.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_sends_garbage_after_STARTTLS_fails_the_handshake()
    {
        using PythonPeer python = PythonPeer.Start("rpctls_server.py", "--cert", _certificates.Server.CertificatePath, "--key", _certificates.Server.KeyPath, "--garbage");
        var endPoint = new IPEndPoint(IPAddress.Loopback, python.WaitForPort());

        RpcTlsException error = await Assert.ThrowsAsync<RpcTlsException>(() =>
            RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server, handshakeTimeout: TimeSpan.FromSeconds(20))));

        Assert.Equal(RpcTlsError.HandshakeFailed, error.Error);
    }

    [Fact]
    public async Task A_server_that_never_answers_the_probe_times_out()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var clock = Stopwatch.StartNew();

        RpcTlsException error = await Assert.ThrowsAsync<RpcTlsException>(() =>
            RpcClient.ConnectAsync(listener.LocalEndPoint!, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server, handshakeTimeout: Short)));

        Assert.Equal(RpcTlsError.TimedOut, error.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancelling_the_connect_during_the_probe_throws_OperationCanceledException()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var cancel = new CancellationTokenSource();
        Task<RpcClient> connect = RpcClient.ConnectAsync(listener.LocalEndPoint!, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server), cancel.Token);

        // The server accepts and reads the probe but never answers; the caller gives up.
        using Socket accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(20));
        byte[] probe = new byte[44];
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(44, await accepted.ReceiveAsync(probe, SocketFlags.None, read.Token));
        cancel.Cancel();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connect);
        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    [Fact]
    public async Task A_server_that_answers_the_probe_with_a_huge_record_is_a_protocol_error()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Task serve = Task.Run(async () =>
        {
            using Socket connection = await listener.AcceptAsync();
            byte[] call = new byte[44];
            await connection.ReceiveAsync(call, SocketFlags.None);
            await connection.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xF0 }, SocketFlags.None);
            await RawDrain(connection);
        });

        await Assert.ThrowsAsync<RpcProtocolException>(() =>
            RpcClient.ConnectAsync(listener.LocalEndPoint!, RpcTransportKind.Tcp, TlsClientSettings.For(_certificates.Server)));
        await serve.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Our_server_drops_a_client_that_never_finishes_the_handshake()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server), HandshakeTimeout = Short });
        using RawTlsPeer peer = await RawTlsPeer.ConnectAsync(server.EndPoint);

        await peer.SendRecordAsync(RawTlsPeer.Call(1, TlsTestServer.Program, TlsTestServer.Version, 0, RawTlsPeer.TlsCredential));
        Assert.True(RpcTlsProbe.OffersTls(await peer.ReceiveReplyAsync()));

        Assert.True(await peer.WaitForCloseAsync());
        await Polling.WaitUntilAsync(() => server.Server.GetEventCount(RpcServerEventKind.TlsHandshakeFailed) == 1 && server.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task Our_server_drops_a_client_that_sends_garbage_after_STARTTLS()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server) });
        using RawTlsPeer peer = await RawTlsPeer.ConnectAsync(server.EndPoint);

        await peer.SendRecordAsync(RawTlsPeer.Call(1, TlsTestServer.Program, TlsTestServer.Version, 0, RawTlsPeer.TlsCredential));
        Assert.True(RpcTlsProbe.OffersTls(await peer.ReceiveReplyAsync()));
        await peer.Socket.SendAsync(System.Text.Encoding.ASCII.GetBytes("\x16\x03\x03\x00\x05 this is not a ClientHello at all"), SocketFlags.None);

        Assert.True(await peer.WaitForCloseAsync());
        await Polling.WaitUntilAsync(() => server.Server.GetEventCount(RpcServerEventKind.TlsHandshakeFailed) == 1 && server.Server.ConnectionCount == 0);
    }

    [Fact]
    public async Task A_second_probe_pipelined_behind_the_first_is_refused_not_served()
    {
        await using TlsTestServer server = await TlsTestServer.StartAsync(
            new RpcServerTlsOptions { AuthenticationOptions = TlsTestServer.ServerOnly(_certificates.Server) });
        using RawTlsPeer peer = await RawTlsPeer.ConnectAsync(server.EndPoint);
        byte[] probe = RawTlsPeer.Call(1, TlsTestServer.Program, TlsTestServer.Version, 0, RawTlsPeer.TlsCredential);

        // Clear-text bytes behind the probe would be read as the start of the TLS handshake: the server must not
        // answer them in clear text, only end the connection.
        await peer.SendRecordAsync([.. probe]);
        await peer.SendRecordAsync([.. probe]);
        Assert.True(RpcTlsProbe.OffersTls(await peer.ReceiveReplyAsync()));

        Assert.True(await peer.WaitForCloseAsync());
        await Polling.WaitUntilAsync(() => server.Server.ConnectionCount == 0);
        Assert.Equal(0, server.Server.GetEventCount(RpcServerEventKind.TlsStarted));
    }

    private static async Task RawDrain(Socket connection)
    {
        byte[] buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (await connection.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
        }
    }
}
