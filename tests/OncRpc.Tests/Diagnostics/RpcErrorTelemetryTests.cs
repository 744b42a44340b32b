using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Tests.Client;
using OncRpc.Tests.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Diagnostics;

/// <summary>
/// Every way a call can fail sets <c>error.type</c> (and <c>rpc.status_code</c> when a reply carried the error) on
/// the client's span, the server's span and the duration metric, and marks the spans as errors.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class RpcErrorTelemetryTests
{
    public static TheoryData<string, string> ReplyErrors => new()
    {
        { "PROG_UNAVAIL", "onc_rpc" },
        { "PROG_MISMATCH", "onc_rpc" },
        { "PROC_UNAVAIL", "onc_rpc" },
        { "GARBAGE_ARGS", "telemetry_test/ECHO" },
        { "SYSTEM_ERR", "telemetry_test/FAIL" },
        { "AUTH_TOOWEAK", "telemetry_test/ECHO" },
    };

    [Theory]
    [MemberData(nameof(ReplyErrors))]
    public async Task An_error_reply_sets_its_status_on_both_spans_and_the_duration_metrics(string status, string serverSpanName)
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);

        await Assert.ThrowsAnyAsync<Exception>(() => status switch
        {
            "PROG_UNAVAIL" => client.CallAsync(TelemetryTestServer.Program + 1, 1, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32),
            "PROG_MISMATCH" => client.CallAsync(TelemetryTestServer.Program, 9, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32),
            "PROC_UNAVAIL" => client.CallAsync(TelemetryTestServer.Program, 1, 99, XdrCodec.UInt32, 1u, XdrCodec.UInt32),
            "GARBAGE_ARGS" => client.CallAsync(TelemetryTestServer.Echo, XdrCodec.Void, XdrVoid.Value, XdrCodec.UInt32),
            "SYSTEM_ERR" => client.CallAsync(TelemetryTestServer.Fail, XdrCodec.UInt32, 1u, XdrCodec.UInt32),
            _ => client.CallAsync(
                TelemetryTestServer.Echo,
                XdrCodec.UInt32,
                1u,
                XdrCodec.UInt32,
                new RpcCallOptions { Auth = RpcAuth.Sys(new AuthSysParameters(1, "host", TelemetryTestServer.RejectedUid, 1)) }),
        });

        Activity clientSpan = await capture.WaitForSpanAsync(ActivityKind.Client);
        Activity serverSpan = await capture.WaitForSpanAsync(ActivityKind.Server);
        foreach (Activity span in new[] { clientSpan, serverSpan })
        {
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal(status, span.GetTagItem("error.type"));
            Assert.Equal(status, span.GetTagItem("rpc.status_code"));
        }

        Assert.Equal(serverSpanName, serverSpan.DisplayName);
        Assert.Contains(capture.Points("rpc.client.call.duration"), p => p.Has("error.type", status) && p.Has("rpc.status_code", status));
        Assert.Contains(capture.Points("rpc.server.call.duration"), p => p.Has("error.type", status) && p.Has("rpc.status_code", status));
    }

    [Fact]
    public async Task A_success_the_transport_replaces_with_SYSTEM_ERR_is_an_error_on_the_servers_span()
    {
        // The handler succeeds, but its 70,000-byte answer does not fit in a datagram: the client gets SYSTEM_ERR,
        // and the server's span, its duration metric and its counters say so rather than success.
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();

        // No retransmission: the server's counters count every datagram.
        var once = new RpcClientOptions { Timeout = TimeSpan.FromSeconds(20), RetransmitInterval = TimeSpan.FromSeconds(20) };
        await using RpcClient client = await RpcClient.ConnectAsync(server.Udp, RpcTransportKind.Udp, once);

        RpcException refused = await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(TelemetryTestServer.Big, XdrCodec.UInt32, 70_000u, XdrCodec.Opaque));
        Assert.Equal(RpcStatus.SystemError, refused.Status);

        Activity serverSpan = await capture.WaitForSpanAsync(ActivityKind.Server);
        Assert.Equal("telemetry_test/BIG", serverSpan.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, serverSpan.Status);
        Assert.Equal("SYSTEM_ERR", serverSpan.GetTagItem("rpc.status_code"));
        Assert.Contains(capture.Points("rpc.server.call.duration"), p => p.Has("error.type", "SYSTEM_ERR"));
        Assert.Equal(1, server.Server.GetEventCount(OncRpc.Server.RpcServerEventKind.ReplyTooLarge));
        Assert.Equal(0, server.Server.GetEventCount(OncRpc.Server.RpcServerEventKind.CallCompleted));

        // The same call with a small answer completes.
        Assert.Equal(10, (await client.CallAsync(TelemetryTestServer.Big, XdrCodec.UInt32, 10u, XdrCodec.Opaque)).Length);
        // The server counts a completed call just after sending its reply, so the client may be told first.
        await Polling.WaitUntilAsync(() => server.Server.GetEventCount(OncRpc.Server.RpcServerEventKind.CallCompleted) == 1);
    }

    [Fact]
    public async Task An_RPC_MISMATCH_reply_sets_its_status_on_the_clients_span()
    {
        using var capture = new TelemetryCapture();
        await using var scripted = new ScriptedTcpServer();
        await using RpcClient client = await RpcClient.ConnectAsync(scripted.EndPoint, RpcTransportKind.Tcp);
        await scripted.AcceptAsync();
        Task<uint> call = client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 1u, XdrCodec.UInt32);
        byte[] request = await scripted.ReadCallAsync();
        await scripted.SendRecordAsync(RpcWire.Reply(RpcReplyHeader.RpcMismatch(RpcWire.Xid(request), 2, 2)));

        await Assert.ThrowsAsync<RpcVersionMismatchException>(() => call);
        Activity span = await capture.WaitForSpanAsync(ActivityKind.Client);
        Assert.Equal("RPC_MISMATCH", span.GetTagItem("error.type"));
        Assert.Equal("RPC_MISMATCH", span.GetTagItem("rpc.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task A_call_of_another_RPC_version_gives_an_RPC_MISMATCH_server_span()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        byte[] call = RawRpc.Call(77, TelemetryTestServer.Program, 1, 1, XdrCodec.UInt32, 1u);
        call[11] = 3;   // rpcvers 3
        using Socket socket = await RawRpc.ConnectAsync(server.Tcp);
        await RawRpc.SendRecordAsync(socket, call);
        Assert.NotNull(await RawRpc.ReceiveRecordAsync(socket));

        Activity span = await capture.WaitForSpanAsync(ActivityKind.Server);
        Assert.Equal("onc_rpc", span.DisplayName);
        Assert.Equal("RPC_MISMATCH", span.GetTagItem("error.type"));
        Assert.Equal("RPC_MISMATCH", span.GetTagItem("rpc.status_code"));
    }

    [Fact]
    public async Task A_timeout_sets_error_type_timeout_and_no_status_code()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);

        await Assert.ThrowsAsync<TimeoutException>(() => client.CallAsync(
            TelemetryTestServer.Hang, XdrCodec.UInt32, 1u, XdrCodec.UInt32, new RpcCallOptions { Timeout = TimeSpan.FromMilliseconds(50) }));

        Activity span = await capture.WaitForSpanAsync(ActivityKind.Client);
        Assert.Equal("timeout", span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("rpc.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Contains(capture.Points("rpc.client.call.duration"), p => p.Has("error.type", "timeout"));
    }

    [Fact]
    public async Task A_cancelled_call_sets_error_type_cancelled()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);
        using var cancel = new CancellationTokenSource();

        Task<uint> call = client.CallAsync(TelemetryTestServer.Hang, XdrCodec.UInt32, 1u, XdrCodec.UInt32, cancellationToken: cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Activity span = await capture.WaitForSpanAsync(ActivityKind.Client);
        Assert.Equal("cancelled", span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("rpc.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task A_broken_connection_sets_the_exception_type()
    {
        using var capture = new TelemetryCapture();
        await using var scripted = new ScriptedTcpServer();
        await using RpcClient client = await RpcClient.ConnectAsync(scripted.EndPoint, RpcTransportKind.Tcp);
        await scripted.AcceptAsync();
        Task<uint> call = client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 1u, XdrCodec.UInt32);
        await scripted.ReadCallAsync();
        scripted.ResetConnection();

        RpcException error = await Assert.ThrowsAsync<RpcException>(() => call);
        Activity span = await capture.WaitForSpanAsync(ActivityKind.Client);
        Assert.Equal(typeof(RpcException).FullName, span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("rpc.status_code"));
        Assert.Equal(error.Message, span.StatusDescription);

        // A later call on the broken client fails at once, and says so the same way.
        await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 1u, XdrCodec.UInt32));
        Assert.Equal(2, capture.Spans.Count(s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("error.type"), typeof(RpcException).FullName)));
    }

    [Fact]
    public async Task A_retransmitted_UDP_call_has_an_event_per_retransmission()
    {
        using var capture = new TelemetryCapture();
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using RpcClient client = await RpcClient.ConnectAsync(
            udp.LocalEndPoint!, RpcTransportKind.Udp, new RpcClientOptions { RetransmitInterval = TimeSpan.FromMilliseconds(20) });

        Task<uint> call = client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 5u, XdrCodec.UInt32);
        byte[] buffer = new byte[1024];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        using var patience = new CancellationTokenSource(Polling.Patience);

        // Answer only the third copy of the call: two retransmissions.
        SocketReceiveFromResult received = default;
        for (int i = 0; i < 3; i++)
        {
            received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, from, patience.Token);
        }

        uint xid = RpcWire.Xid(buffer.AsSpan(0, received.ReceivedBytes));
        await udp.SendToAsync(RpcWire.UInt32Reply(xid, 5), SocketFlags.None, received.RemoteEndPoint!, patience.Token);

        Assert.Equal(5u, await call);
        Activity span = await capture.WaitForSpanAsync(ActivityKind.Client);
        ActivityEvent[] retransmissions = span.Events.Where(e => e.Name == "onc_rpc.retransmission").ToArray();
        Assert.True(retransmissions.Length >= 2, $"{retransmissions.Length} retransmission events");
        Assert.Equal(1L, retransmissions[0].Tags.Single(t => t.Key == "onc_rpc.retransmission.count").Value);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }
}
