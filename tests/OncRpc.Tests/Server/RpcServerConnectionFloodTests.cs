using System.Net;
using System.Net.Sockets;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Server;

/// <summary>
/// Connection floods (#16): idle connections beyond <see cref="RpcServerOptions.MaxConnections"/> evict the idlest
/// instead of locking new clients out, and one address cannot take more than its share of the slots.
/// </summary>
public sealed class RpcServerConnectionFloodTests
{
    [Fact]
    public async Task Idle_flood_beyond_the_limit_evicts_the_idlest_and_new_clients_are_served()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxConnections = 64, MaxConnectionShare = 1 });
        var idle = new List<Socket>();
        try
        {
            for (int i = 0; i < 200; i++)
            {
                idle.Add(await FloodClient.ConnectFromAsync(FloodClient.Loopback(2), host.Tcp));
            }

            await Polling.WaitUntilAsync(() => host.Server.GetEventCount(RpcServerEventKind.ConnectionAccepted) == 200);
            Assert.Equal(136, host.Server.GetEventCount(RpcServerEventKind.ConnectionEvicted));
            Assert.Equal(0, host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused));
            Assert.Equal(64, host.Server.ConnectionCount);

            // The oldest went first: the first connections are closed, the last 64 still work.
            Assert.True(await RawRpc.IsClosedByPeerAsync(idle[0]));
            await FloodClient.AssertAnsweredOnAsync(idle[^1], 1);
            await FloodClient.AssertAnsweredAsync(host, IPAddress.Loopback, 2);
            await FloodClient.AssertAnsweredAsync(host, FloodClient.Loopback(2), 3);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Three_thousand_idle_connections_with_default_options_leave_new_clients_served()
    {
        // The attack of #16 at its real scale: 3,000 idle TCP connections against the default limit of 1,024 (and
        // the default per-peer share of 512), spread over six loopback addresses so that both limits are hit.
        Assert.True(FileDescriptorLimit.EnsureAtLeast(8192) >= 8192, "cannot raise the open-file limit to 8,192 for 3,000 client and 1,024 server sockets");
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        var idle = new List<Socket>(3000);
        try
        {
            for (int i = 0; i < 3000; i++)
            {
                idle.Add(await FloodClient.ConnectFromAsync(FloodClient.Loopback(10 + (i % 6)), host.Tcp));
            }

            await Polling.WaitUntilAsync(() => host.Server.GetEventCount(RpcServerEventKind.ConnectionAccepted) == 3000);
            Assert.Equal(1024, host.Server.ConnectionCount);
            Assert.Equal(3000 - 1024, host.Server.GetEventCount(RpcServerEventKind.ConnectionEvicted));
            Assert.Equal(0, host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused));

            await FloodClient.AssertAnsweredAsync(host, IPAddress.Loopback, 1);
            await FloodClient.AssertAnsweredAsync(host, FloodClient.Loopback(10), 2);
            await FloodClient.AssertAnsweredOnAsync(idle[^1], 3);
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task One_address_flooding_takes_at_most_its_share_and_evicts_only_its_own_connections()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxConnections = 40 });
        var others = new List<Socket>();
        var flood = new List<Socket>();
        try
        {
            // The other host arrives first and keeps 15 connections, each used once.
            for (int i = 0; i < 15; i++)
            {
                others.Add(await FloodClient.ConnectFromAsync(FloodClient.Loopback(3), host.Tcp));
                await FloodClient.AssertAnsweredOnAsync(others[^1], (uint)i + 1);
            }

            // The flooder opens 300 and keeps them idle: it never holds more than half of the 40 slots.
            for (int i = 0; i < 300; i++)
            {
                flood.Add(await FloodClient.ConnectFromAsync(FloodClient.Loopback(2), host.Tcp));
            }

            await Polling.WaitUntilAsync(() => host.Server.GetEventCount(RpcServerEventKind.ConnectionAccepted) == 315);
            Assert.Equal(280, host.Server.GetEventCount(RpcServerEventKind.ConnectionEvicted));
            Assert.Equal(35, host.Server.ConnectionCount);

            // None of the other host's connections was taken, and it can still open new ones.
            for (int i = 0; i < others.Count; i++)
            {
                await FloodClient.AssertAnsweredOnAsync(others[i], 100 + (uint)i);
            }

            await FloodClient.AssertAnsweredAsync(host, FloodClient.Loopback(3), 200);
            await FloodClient.AssertAnsweredAsync(host, FloodClient.Loopback(2), 201);
            Assert.Equal(0, host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused));
        }
        finally
        {
            others.ForEach(s => s.Dispose());
            flood.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Busy_connections_are_not_evicted_and_then_the_newcomer_is_refused()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxConnections = 2, MaxConnectionShare = 1, HandlerTimeout = Timeout.InfiniteTimeSpan });
        using Socket first = await RawRpc.ConnectAsync(host.Tcp);
        using Socket second = await RawRpc.ConnectAsync(host.Tcp);

        // Two connections are served in parallel, so the second call is sent only once the first handler has
        // started: slow[0] is then the first connection's call and slow[1] the second's.
        await RawRpc.SendRecordAsync(first, RawRpc.Call(1, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, 10));
        host.WaitForSlowCalls(1);
        await RawRpc.SendRecordAsync(second, RawRpc.Call(2, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, 20));
        TaskCompletionSource<int>[] slow = host.WaitForSlowCalls(2);

        using (Socket refused = await RawRpc.ConnectAsync(host.Tcp))
        {
            Assert.True(await RawRpc.IsClosedByPeerAsync(refused));
        }

        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused));
        Assert.Equal(0, host.Server.GetEventCount(RpcServerEventKind.ConnectionEvicted));

        // Once the first call is answered its connection is idle again, and the next newcomer takes its place.
        slow[0].SetResult(1);
        Assert.Equal(11, RawRpc.Results((await RawRpc.ReceiveRecordAsync(first))!, XdrCodec.Int32));
        await Polling.WaitUntilAsync(() => host.Server.IdleConnectionCount == 1);
        await FloodClient.AssertAnsweredAsync(host, IPAddress.Loopback, 3);
        Assert.True(await RawRpc.IsClosedByPeerAsync(first));
        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.ConnectionEvicted));

        slow[1].SetResult(2);
        Assert.Equal(22, RawRpc.Results((await RawRpc.ReceiveRecordAsync(second))!, XdrCodec.Int32));
    }

    [Fact]
    public async Task Refuse_new_policy_refuses_at_the_peer_share_too()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxConnections = 4, ConnectionLimitPolicy = ConnectionLimitPolicy.RefuseNew });
        using Socket a = await FloodClient.ConnectFromAsync(FloodClient.Loopback(2), host.Tcp);
        using Socket b = await FloodClient.ConnectFromAsync(FloodClient.Loopback(2), host.Tcp);
        await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 2);
        using (Socket third = await FloodClient.ConnectFromAsync(FloodClient.Loopback(2), host.Tcp))
        {
            Assert.True(await RawRpc.IsClosedByPeerAsync(third));
        }

        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused));
        await FloodClient.AssertAnsweredAsync(host, FloodClient.Loopback(3), 1);
        await FloodClient.AssertAnsweredOnAsync(a, 2);
    }
}
