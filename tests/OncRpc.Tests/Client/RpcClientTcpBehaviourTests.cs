using System.Buffers.Binary;
using System.Net;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>The TCP client against scripted servers that reorder, repeat, stall, drip, cut and oversize their replies.</summary>
public class RpcClientTcpBehaviourTests
{
    /// <summary>Gets the I/O mode of the clients under test; the derived class runs every test in the other mode.</summary>
    protected virtual RpcClientIoMode IoMode => RpcClientIoMode.DedicatedThread;

    private const uint Program = 0x2000_0001;

    private async Task<(ScriptedTcpServer Server, RpcClient Client)> ConnectAsync(RpcClientOptions? options = null)
    {
        var server = new ScriptedTcpServer();
        Task accept = server.AcceptAsync();
        RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, options ?? new RpcClientOptions { IoMode = IoMode });
        await accept;
        return (server, client);
    }

    private Task<uint> Echo(RpcClient client, uint value, RpcCallOptions? options = null, CancellationToken ct = default) =>
        Start(() => client.CallAsync(Program, 1, 1, XdrCodec.UInt32, value, XdrCodec.UInt32, options, ct));

    private Task<T> Start<T>(Func<Task<T>> call) => ClientCalls.Start(IoMode, call);

    [Fact]
    public async Task Replies_in_any_order_complete_the_calls_they_answer()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        var calls = Enumerable.Range(0, 8).Select(i => Echo(client, (uint)i)).ToArray();
        var received = new List<byte[]>();
        for (int i = 0; i < calls.Length; i++)
        {
            received.Add(await server.ReadCallAsync());
        }

        // Answer in reverse order, each with 1000 + the argument it carried.
        foreach (byte[] call in Enumerable.Reverse(received))
        {
            uint argument = BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(call.Length - 4));
            await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(call), 1000 + argument));
        }

        uint[] results = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(1000, 8).Select(i => (uint)i), results);
    }

    [Fact]
    public async Task Many_threads_share_one_connection()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        const int count = 200;
        Task serve = Task.Run(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                byte[] call = await server.ReadCallAsync();
                uint argument = BinaryPrimitives.ReadUInt32BigEndian(call.AsSpan(call.Length - 4));
                await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(call), argument * 2));
            }
        });

        var calls = Enumerable.Range(0, count).Select(i => Task.Run(() => Echo(client, (uint)i))).ToArray();
        uint[] results = await Task.WhenAll(calls);
        await serve;
        Assert.Equal(Enumerable.Range(0, count).Select(i => (uint)(i * 2)), results);
    }

    [Fact]
    public async Task Reply_with_unknown_xid_is_dropped_and_the_right_one_still_completes()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        Task<uint> call = Echo(client, 5);
        byte[] request = await server.ReadCallAsync();
        uint xid = RpcWire.Xid(request);
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid + 1, 666));
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid, 7));

        Assert.Equal(7u, await call);
        Assert.Equal(1, client.DroppedReplies);
    }

    [Fact]
    public async Task Duplicate_reply_is_dropped_without_touching_the_next_call()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        Task<uint> first = Echo(client, 1);
        uint xid1 = RpcWire.Xid(await server.ReadCallAsync());
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid1, 10));
        Assert.Equal(10u, await first);

        Task<uint> second = Echo(client, 2);
        uint xid2 = RpcWire.Xid(await server.ReadCallAsync());
        Assert.NotEqual(xid1, xid2);
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid1, 11));
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid2, 20));
        Assert.Equal(20u, await second);
        Assert.Equal(1, client.DroppedReplies);
    }

    [Fact]
    public async Task Silent_server_times_out_the_call_with_libtirpc_text_and_the_connection_stays_usable()
    {
        var time = new ManualTimeProvider();
        var (server, client) = await ConnectAsync(new RpcClientOptions { IoMode = IoMode, TimeProvider = time, Timeout = TimeSpan.FromSeconds(5) });
        await using var _ = server;
        await using var __ = client;

        Task<uint> call = Echo(client, 1);
        uint lateXid = RpcWire.Xid(await server.ReadCallAsync());
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.2));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Equal("RPC: Timed out", error.Message);

        // A late reply is dropped; the next call on the same connection works.
        await server.SendRecordAsync(RpcWire.UInt32Reply(lateXid, 1));
        Task<uint> next = Echo(client, 2);
        uint xid = RpcWire.Xid(await server.ReadCallAsync());
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid, 3));
        Assert.Equal(3u, await next);
        Assert.Equal(1, client.DroppedReplies);
    }

    [Fact]
    public async Task Per_call_timeout_overrides_the_client_timeout()
    {
        var time = new ManualTimeProvider();
        var (server, client) = await ConnectAsync(new RpcClientOptions { IoMode = IoMode, TimeProvider = time, Timeout = TimeSpan.FromSeconds(60) });
        await using var _ = server;
        await using var __ = client;

        Task<uint> call = Echo(client, 1, new RpcCallOptions { Timeout = TimeSpan.FromSeconds(1) });
        await server.ReadCallAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    [Fact]
    public async Task Cancelling_one_call_leaves_the_others_and_the_connection_intact()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        using var cts = new CancellationTokenSource();
        Task<uint> cancelled = Echo(client, 1, ct: cts.Token);
        Task<uint> kept = Echo(client, 2);
        byte[] first = await server.ReadCallAsync();
        byte[] second = await server.ReadCallAsync();

        // Told apart by their arguments: calls started on threads of their own may arrive in either order.
        bool inOrder = BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(first.Length - 4)) == 1;
        uint xid1 = RpcWire.Xid(inOrder ? first : second);
        uint xid2 = RpcWire.Xid(inOrder ? second : first);

        cts.Cancel();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(cts.Token, error.CancellationToken);

        await server.SendRecordAsync(RpcWire.UInt32Reply(xid1, 100));
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid2, 200));
        Assert.Equal(200u, await kept);
        Assert.Equal(1, client.DroppedReplies);
    }

    [Fact]
    public async Task Caller_cancellation_wins_over_a_timeout_at_the_same_moment()
    {
        var time = new ManualTimeProvider();
        var (server, client) = await ConnectAsync(new RpcClientOptions { IoMode = IoMode, TimeProvider = time, Timeout = TimeSpan.FromSeconds(1) });
        await using var _ = server;
        await using var __ = client;

        using var cts = new CancellationTokenSource();
        Task<uint> call = Echo(client, 1, ct: cts.Token);
        await server.ReadCallAsync();
        cts.Cancel();
        time.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Reply_dripped_one_byte_at_a_time_completes_the_call()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        Task<uint> call = Echo(client, 1);
        uint xid = RpcWire.Xid(await server.ReadCallAsync());
        foreach (byte b in RpcWire.Record(RpcWire.UInt32Reply(xid, 42)))
        {
            await server.SendAsync([b]);
        }

        Assert.Equal(42u, await call);
    }

    [Fact]
    public async Task Partial_record_then_silence_times_out_instead_of_hanging()
    {
        var time = new ManualTimeProvider();
        var (server, client) = await ConnectAsync(new RpcClientOptions { IoMode = IoMode, TimeProvider = time, Timeout = TimeSpan.FromSeconds(3) });
        await using var _ = server;
        await using var __ = client;

        Task<uint> call = Echo(client, 1);
        uint xid = RpcWire.Xid(await server.ReadCallAsync());
        await server.SendAsync(RpcWire.Record(RpcWire.UInt32Reply(xid, 42)).AsSpan(0, 10).ToArray());
        time.Advance(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    [Fact]
    public async Task Close_in_the_middle_of_a_record_fails_pending_calls_and_later_calls_fast()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        Task<uint> call = Echo(client, 1);
        uint xid = RpcWire.Xid(await server.ReadCallAsync());
        await server.SendAsync(RpcWire.Record(RpcWire.UInt32Reply(xid, 42)).AsSpan(0, 10).ToArray());
        server.CloseConnection();

        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(RpcStatus.CantReceive, error.Status);
        Assert.Equal("RPC: Unable to receive; errno = Connection reset by peer", error.Message);

        var later = await Assert.ThrowsAsync<RpcException>(() => Echo(client, 2));
        Assert.Equal(RpcStatus.CantReceive, later.Status);
    }

    [Fact]
    public async Task Connection_reset_fails_every_pending_call()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        Task<uint>[] calls = [Echo(client, 1), Echo(client, 2), Echo(client, 3)];
        for (int i = 0; i < calls.Length; i++)
        {
            await server.ReadCallAsync();
        }

        server.ResetConnection();
        foreach (Task<uint> call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => call);
            Assert.Equal(RpcStatus.CantReceive, error.Status);
            Assert.StartsWith("RPC: Unable to receive; errno = ", error.Message);
        }
    }

    [Fact]
    public async Task Oversize_record_header_closes_the_connection_before_buffering()
    {
        var (server, client) = await ConnectAsync(new RpcClientOptions { IoMode = IoMode, MaxReplySize = 1024 });
        await using var _ = server;
        await using var __ = client;

        Task<uint> call = Echo(client, 1);
        await server.ReadCallAsync();
        await server.SendAsync([0xFF, 0xFF, 0xFF, 0xF0]);

        var error = await Assert.ThrowsAsync<RpcProtocolException>(() => call);
        Assert.Equal(RpcStatus.ProtocolError, error.Status);
        await server.WaitForCloseAsync();
    }

    [Fact]
    public async Task Garbage_results_fail_only_that_call()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        Task<uint> bad = Echo(client, 1);
        Task<uint> good = Echo(client, 2);
        uint xid1 = RpcWire.Xid(await server.ReadCallAsync());
        uint xid2 = RpcWire.Xid(await server.ReadCallAsync());
        await server.SendRecordAsync(RpcWire.SuccessReply(xid1)); // results missing
        await server.SendRecordAsync(RpcWire.UInt32Reply(xid2, 9));

        var error = await Assert.ThrowsAsync<RpcException>(() => bad);
        Assert.Equal(RpcStatus.CantDecodeResult, error.Status);
        Assert.Equal("RPC: Can't decode result", error.Message);
        Assert.IsType<XdrException>(error.InnerException);
        Assert.Equal(9u, await good);
    }

    [Fact]
    public async Task Dispose_fails_pending_calls_and_later_calls()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;

        Task<uint> call = Echo(client, 1);
        await server.ReadCallAsync();
        await client.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => call);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Echo(client, 2));
        await server.WaitForCloseAsync();
    }

    [Fact]
    public async Task Arguments_the_codec_rejects_fail_the_call_and_leave_the_stream_well_formed()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.CallAsync(Program, 1, 2, XdrCodec.BoundedString(4), "too long", XdrCodec.Void));
        Assert.Equal(RpcStatus.CantEncodeArguments, error.Status);
        Assert.Equal("RPC: Can't encode arguments", error.Message);

        Task<uint> next = Echo(client, 1);
        byte[] request = await server.ReadCallAsync();
        Assert.Equal(1u, RpcWire.Procedure(request));
        await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(request), 2));
        Assert.Equal(2u, await next);
    }

    [Fact]
    public async Task Call_details_report_message_sizes_without_record_marks()
    {
        var (server, client) = await ConnectAsync();
        await using var _ = server;
        await using var __ = client;

        Task<RpcResponse<uint>> call = Start(() => client.CallWithDetailsAsync(Program, 1, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32));
        byte[] request = await server.ReadCallAsync();
        byte[] reply = RpcWire.UInt32Reply(RpcWire.Xid(request), 5);
        await server.SendRecordAsync(reply);

        RpcResponse<uint> response = await call;
        Assert.Equal(5u, response.Value);
        Assert.Equal(44, response.RequestSize);
        Assert.Equal(request.Length, response.RequestSize);
        Assert.Equal(reply.Length, response.ReplySize);
    }

    [Fact]
    public async Task Calls_over_the_outstanding_limit_wait_for_a_slot()
    {
        var (server, client) = await ConnectAsync(new RpcClientOptions { IoMode = IoMode, MaxOutstandingCalls = 1 });
        await using var _ = server;
        await using var __ = client;

        Task<uint> first = Echo(client, 1);
        Task<uint> second = Echo(client, 2);
        byte[] request1 = await server.ReadCallAsync();
        Assert.Equal(1, client.OutstandingCalls);
        Assert.False(second.IsCompleted);
        await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(request1), 10));
        Assert.Equal(10u, await first);

        byte[] request2 = await server.ReadCallAsync();
        await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(request2), 20));
        Assert.Equal(20u, await second);
    }

    [Fact]
    public async Task Refused_connection_reports_the_libtirpc_create_error()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();

        var error = await Assert.ThrowsAsync<RpcException>(() => RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp, new RpcClientOptions { IoMode = IoMode }));
        Assert.Equal(RpcStatus.SystemError, error.Status);
        Assert.Equal("RPC: Remote system error - Connection refused", error.Message);
        Assert.IsType<System.Net.Sockets.SocketException>(error.InnerException);
    }
}

/// <summary>The same tests with <see cref="RpcClientIoMode.Asynchronous"/> clients.</summary>
public sealed class RpcClientTcpBehaviourAsynchronousTests : RpcClientTcpBehaviourTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.Asynchronous;
}

/// <summary>The same tests with <see cref="RpcClientIoMode.CallingThread"/> clients.</summary>
public sealed class RpcClientTcpBehaviourCallingThreadTests : RpcClientTcpBehaviourTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.CallingThread;
}
