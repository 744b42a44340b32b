using System.Buffers.Binary;
using System.Net.Sockets;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Server;

public sealed class RpcServerHostileClientTests
{
    private static async Task AssertStillServesAsync(ServerTestHost host)
    {
        foreach (string transport in new[] { "tcp", "udp", "unix" })
        {
            byte[] call = RawRpc.Call(99, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [2, 3]);
            Assert.Equal(5, RawRpc.Results((await host.ExchangeAsync(transport, call))!, XdrCodec.Int32));
        }
    }

    [Fact]
    public async Task Huge_record_mark_closes_only_that_connection_before_buffering()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxRecordSize = 4096 });
        using Socket bad = await RawRpc.ConnectAsync(host.Tcp);
        await bad.SendAsync(new byte[] { 0xff, 0xff, 0xff, 0xf0, 1, 2, 3, 4 }, SocketFlags.None);
        Assert.True(await RawRpc.IsClosedByPeerAsync(bad));
        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.ProtocolError));
        await AssertStillServesAsync(host);
    }

    [Fact]
    public async Task Half_sent_record_then_close_is_a_protocol_error_and_harms_no_one()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        using Socket good = await RawRpc.ConnectAsync(host.Tcp);
        using (Socket bad = await RawRpc.ConnectAsync(host.Tcp))
        {
            byte[] framed = RawRpc.Frame(RawRpc.Null(1, ServerTestHost.Program, 2));
            await bad.SendAsync(framed.AsMemory(0, framed.Length - 5), SocketFlags.None);
            bad.Shutdown(SocketShutdown.Send);
            Assert.True(await RawRpc.IsClosedByPeerAsync(bad));
        }

        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.ProtocolError));
        await RawRpc.SendRecordAsync(good, RawRpc.Null(2, ServerTestHost.Program, 2));
        Assert.Equal(2u, RawRpc.ParseReply((await RawRpc.ReceiveRecordAsync(good))!).Xid);
    }

    [Fact]
    public async Task Garbage_and_replies_are_ignored_and_the_connection_goes_on()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
        await RawRpc.SendRecordAsync(socket, [1, 2, 3]);
        await RawRpc.SendRecordAsync(socket, [0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0]);
        await RawRpc.SendRecordAsync(socket, [0, 0, 0, 9, 0, 0, 0, 7]);
        await RawRpc.SendRecordAsync(socket, RawRpc.Null(3, ServerTestHost.Program, 2));
        Assert.Equal(3u, RawRpc.ParseReply((await RawRpc.ReceiveRecordAsync(socket))!).Xid);
        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.MalformedMessage));
        Assert.Equal(2, host.Server.GetEventCount(RpcServerEventKind.NotACall));
    }

    [Fact]
    public async Task Udp_flood_of_garbage_and_bombs_leaves_the_server_answering()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        using var udp = new Socket(host.Udp.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(host.Udp);
        var random = new Random(1234);
        byte[] bomb = RawRpc.Call(50, ServerTestHost.Program, 2, ServerTestHost.EchoProcedure, XdrCodec.String, "x");
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(bomb.Length - 8), 0x7fff_fff0);
        int garbageReplies = 0;
        for (int i = 0; i < 200; i++)
        {
            byte[] junk = new byte[random.Next(0, 600)];
            random.NextBytes(junk);
            await udp.SendAsync(i % 2 == 0 ? junk : bomb, SocketFlags.None);
        }

        // Each bomb is answered with GARBAGE_ARGS; random bytes are dropped (or answered if they happen to look like a call).
        byte[] call = RawRpc.Call(77, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [1, 2]);
        await udp.SendAsync(call, SocketFlags.None);
        while (true)
        {
            byte[] reply = await RawRpc.UdpReceiveAsync(udp);
            if (RawRpc.ParseReply(reply).Xid == 77)
            {
                Assert.Equal(3, RawRpc.Results(reply, XdrCodec.Int32));
                break;
            }

            garbageReplies++;
        }

        Assert.True(host.Server.GetEventCount(RpcServerEventKind.GarbageArguments) >= 100);
        await AssertStillServesAsync(host);
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_refused_and_counted()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxConnections = 3, MaxConnectionShare = 1, ConnectionLimitPolicy = ConnectionLimitPolicy.RefuseNew });
        var held = new List<Socket>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                Socket s = await RawRpc.ConnectAsync(host.Tcp);
                held.Add(s);
                await RawRpc.SendRecordAsync(s, RawRpc.Null((uint)i, ServerTestHost.Program, 2));
                Assert.NotNull(await RawRpc.ReceiveRecordAsync(s));
            }

            using Socket refused = await RawRpc.ConnectAsync(host.Tcp);
            Assert.True(await RawRpc.IsClosedByPeerAsync(refused));
            Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused));

            held[0].Dispose();
            await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 2);
            byte[] call = RawRpc.Call(98, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [2, 3]);
            Assert.Equal(5, RawRpc.Results((await host.ExchangeAsync("tcp", call))!, XdrCodec.Int32));
            await RawRpc.SendRecordAsync(held[1], call);
            Assert.Equal(5, RawRpc.Results((await RawRpc.ReceiveRecordAsync(held[1]))!, XdrCodec.Int32));
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Idle_connections_are_closed_after_the_idle_timeout()
    {
        var time = new ManualTimeProvider();
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { TimeProvider = time, IdleTimeout = TimeSpan.FromSeconds(30) });
        var idle = new List<Socket>();
        for (int i = 0; i < 50; i++)
        {
            idle.Add(await RawRpc.ConnectAsync(i % 2 == 0 ? host.Tcp : host.Unix));
        }

        await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 50);
        time.Advance(TimeSpan.FromSeconds(40));
        foreach (Socket s in idle)
        {
            Assert.True(await RawRpc.IsClosedByPeerAsync(s));
            s.Dispose();
        }

        Assert.Equal(50, host.Server.GetEventCount(RpcServerEventKind.IdleConnectionClosed));
        await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 0);
        await AssertStillServesAsync(host);
    }

    [Fact]
    public async Task A_connection_with_a_call_in_progress_is_not_idle()
    {
        var time = new ManualTimeProvider();
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { TimeProvider = time, IdleTimeout = TimeSpan.FromSeconds(30), HandlerTimeout = Timeout.InfiniteTimeSpan });
        using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
        await RawRpc.SendRecordAsync(socket, RawRpc.Call(1, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, 1));
        TaskCompletionSource<int> slow = host.WaitForSlowCalls(1)[0];
        time.Advance(TimeSpan.FromMinutes(5));
        slow.SetResult(1);
        Assert.Equal(2, RawRpc.Results((await RawRpc.ReceiveRecordAsync(socket))!, XdrCodec.Int32));
        Assert.Equal(0, host.Server.GetEventCount(RpcServerEventKind.IdleConnectionClosed));
    }

    [Fact]
    public async Task Peer_that_never_reads_replies_is_throttled_not_buffered_without_bound()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxPendingReplyBytes = 64 * 1024 });
        using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
        socket.ReceiveBufferSize = 4096;
        byte[] call = RawRpc.Frame(RawRpc.Call(1, ServerTestHost.Program, 2, ServerTestHost.EchoProcedure, XdrCodec.String, new string('x', 900)));
        byte[] burst = Enumerable.Repeat(call, 100).SelectMany(b => b).ToArray();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            // Sending stops once the server stops reading: its receive window and ours fill up.
            for (int i = 0; i < 200; i++)
            {
                await socket.SendAsync(burst, SocketFlags.None, cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(cts.IsCancellationRequested, "the server kept reading calls whose replies nobody read");
        Assert.True(host.Server.GetEventCount(RpcServerEventKind.Throttled) >= 1);
        await AssertStillServesAsync(host);
    }

    [Fact]
    public async Task Many_idle_connections_do_not_keep_a_working_client_from_being_served()
    {
        // rpcbind's classic failure: idle TCP connections exhaust its descriptors. Here they only cost memory, up to
        // MaxConnections; this checks the RefuseNew policy (eviction, the default, is in RpcServerConnectionFloodTests).
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxConnections = 600, MaxConnectionShare = 1, ConnectionLimitPolicy = ConnectionLimitPolicy.RefuseNew });
        var idle = new List<Socket>();
        try
        {
            // Two below the limit: the probe's fresh TCP and Unix connections may both be open for a moment.
            for (int i = 0; i < 598; i++)
            {
                idle.Add(await RawRpc.ConnectAsync(i % 3 == 0 ? host.Unix : host.Tcp));
            }

            await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 598);
            await AssertStillServesAsync(host);

            // The last allowed connection is accepted; one more is refused and counted; every held connection still works.
            await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 598);
            idle.Add(await RawRpc.ConnectAsync(host.Tcp));
            idle.Add(await RawRpc.ConnectAsync(host.Tcp));
            await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 600);
            using (Socket extra = await RawRpc.ConnectAsync(host.Tcp))
            {
                Assert.True(await RawRpc.IsClosedByPeerAsync(extra));
            }

            Assert.True(host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused) >= 1);
            foreach (Socket s in new[] { idle[0], idle[1], idle[^1] })
            {
                await RawRpc.SendRecordAsync(s, RawRpc.Null(5, ServerTestHost.Program, 2));
                Assert.Equal(5u, RawRpc.ParseReply((await RawRpc.ReceiveRecordAsync(s))!).Xid);
            }
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Flood_of_pipelined_calls_on_several_connections_is_answered_in_full()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxOutstandingCallsPerConnection = 8 });
        const int Connections = 4;
        const int CallsEach = 3000;
        var sockets = new List<Socket>();
        try
        {
            for (int c = 0; c < Connections; c++)
            {
                sockets.Add(await RawRpc.ConnectAsync(host.Tcp));
            }

            // Each connection sends all its calls (sync NULL, sync add and async echo mixed) as fast as the socket takes them, while reading.
            async Task<int> FloodAsync(Socket socket, int seed)
            {
                var burst = new List<byte>();
                for (int i = 0; i < CallsEach; i++)
                {
                    uint xid = (uint)(seed * CallsEach + i + 1);
                    byte[] call = (i % 3) switch
                    {
                        0 => RawRpc.Null(xid, ServerTestHost.Program, 2),
                        1 => RawRpc.Call(xid, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [i, 1]),
                        _ => RawRpc.Call(xid, ServerTestHost.Program, 2, ServerTestHost.EchoProcedure, XdrCodec.String, "f"),
                    };
                    burst.AddRange(RawRpc.Frame(call));
                }

                Task send = socket.SendAsync(burst.ToArray(), SocketFlags.None);
                var seen = new HashSet<uint>();
                for (int i = 0; i < CallsEach; i++)
                {
                    byte[] reply = (await RawRpc.ReceiveRecordAsync(socket))!;
                    Assert.True(seen.Add(RawRpc.ParseReply(reply).Xid));
                }

                await send;
                return seen.Count;
            }

            int[] counts = await Task.WhenAll(sockets.Select((s, i) => FloodAsync(s, i)));
            Assert.All(counts, n => Assert.Equal(CallsEach, n));
            await AssertStillServesAsync(host);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Flood_of_connections_opened_and_dropped_leaves_no_connection_behind()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        for (int i = 0; i < 300; i++)
        {
            using Socket s = await RawRpc.ConnectAsync(i % 2 == 0 ? host.Tcp : host.Unix);
            if (i % 3 == 0)
            {
                await s.SendAsync(RawRpc.Frame(RawRpc.Null((uint)i, ServerTestHost.Program, 2)).AsMemory(0, 10), SocketFlags.None);
            }
        }

        await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 0);
        await AssertStillServesAsync(host);
    }
}
