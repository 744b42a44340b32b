using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>
/// What only <see cref="RpcClientIoMode.CallingThread"/> promises: a call has completed when the method returns,
/// on the caller's thread, with no timer armed; waits end on cancellation from another thread. (The behaviour
/// shared with the other modes runs in the *CallingThreadTests classes.)
/// </summary>
public sealed class RpcClientCallingThreadTests
{
    private const uint Program = 0x2000_0004;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static RpcClientOptions Options(TimeProvider time) => new()
    {
        IoMode = RpcClientIoMode.CallingThread,
        TimeProvider = time,
        RetransmitInterval = TimeSpan.FromSeconds(1),
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Tcp_call_has_completed_on_the_calling_thread_when_it_returns_without_any_timer()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedTcpServer();
        Task accept = server.AcceptAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, Options(time));
        await accept;

        // The server answers from the thread pool while the test's thread is inside the call.
        Task serve = Task.Run(async () =>
        {
            for (uint i = 0; i < 3; i++)
            {
                byte[] call = await server.ReadCallAsync();
                await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(call), 100 + i));
            }
        });

        for (uint i = 0; i < 3; i++)
        {
            Task<uint> call = client.CallAsync(Program, 1, 1, XdrCodec.UInt32, i, XdrCodec.UInt32);
            Assert.True(call.IsCompleted, "the call returned before its reply");
            Assert.Equal(100 + i, await call);
        }

        Assert.Equal(0, time.ArmedTimers);
        await serve.WaitAsync(Bound);
    }

    [Fact]
    public async Task Udp_call_retransmits_and_completes_on_the_calling_thread_without_any_timer()
    {
        var time = new ManualTimeProvider();
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using RpcClient client = await RpcClient.ConnectAsync(server.LocalEndPoint!, RpcTransportKind.Udp, Options(time));

        // Ignores the first datagram, moves the clock past the retransmission time, answers the retransmission.
        Task<int> serve = Task.Run(async () =>
        {
            using var cts = new CancellationTokenSource(Bound);
            byte[] buffer = new byte[65536];
            var first = await server.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            uint xid = RpcWire.Xid(buffer);
            time.Advance(TimeSpan.FromSeconds(1));
            var second = await server.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            Assert.Equal(xid, RpcWire.Xid(buffer));
            await server.SendToAsync(RpcWire.UInt32Reply(xid, 7), SocketFlags.None, second.RemoteEndPoint, cts.Token);
            return first.ReceivedBytes;
        });

        Task<uint> call = client.CallAsync(Program, 1, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32);
        Assert.True(call.IsCompleted, "the call returned before its reply");
        Assert.Equal(7u, await call);
        Assert.Equal(0, time.ArmedTimers);
        Assert.True(await serve.WaitAsync(Bound) > 0);
    }

    [Fact]
    public async Task Cancelling_from_another_thread_ends_the_wait_for_a_silent_server()
    {
        await using var server = new ScriptedTcpServer();
        Task accept = server.AcceptAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(
            server.EndPoint,
            RpcTransportKind.Tcp,
            new RpcClientOptions { IoMode = RpcClientIoMode.CallingThread, Timeout = Timeout.InfiniteTimeSpan });
        await accept;

        using var cts = new CancellationTokenSource();
        Task cancelWhenCalled = Task.Run(async () =>
        {
            await server.ReadCallAsync();
            cts.Cancel();
        });

        Task<uint> call = client.CallAsync(Program, 1, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32, cancellationToken: cts.Token);
        Assert.True(call.IsCompleted);
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, error.CancellationToken);
        await cancelWhenCalled.WaitAsync(Bound);

        // The connection is still usable.
        Task serve = Task.Run(async () =>
        {
            byte[] next = await server.ReadCallAsync();
            await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(next), 5));
        });
        Assert.Equal(5u, await client.CallAsync(Program, 1, 1, XdrCodec.UInt32, 2u, XdrCodec.UInt32));
        await serve.WaitAsync(Bound);
    }
}
