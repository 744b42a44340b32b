using System.Net;
using System.Net.Sockets;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Server;

public sealed class RpcServerConcurrencyTests
{
    [Fact]
    public async Task Pipelined_calls_run_concurrently_and_replies_follow_completion_order()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
        for (uint i = 1; i <= 5; i++)
        {
            await RawRpc.SendRecordAsync(socket, RawRpc.Call(i, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, (int)i * 100));
        }

        TaskCompletionSource<int>[] slow = host.WaitForSlowCalls(5);
        for (int i = 4; i >= 0; i--)
        {
            slow[i].SetResult(1);
            byte[] reply = (await RawRpc.ReceiveRecordAsync(socket))!;
            Assert.Equal((uint)(i + 1), RawRpc.ParseReply(reply).Xid);
            Assert.Equal(((i + 1) * 100) + 1, RawRpc.Results(reply, XdrCodec.Int32));
        }
    }

    [Fact]
    public async Task Outstanding_call_limit_stops_reading_instead_of_dropping()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxOutstandingCallsPerConnection = 2 });
        using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
        for (uint i = 1; i <= 4; i++)
        {
            await RawRpc.SendRecordAsync(socket, RawRpc.Call(i, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, 0));
        }

        TaskCompletionSource<int>[] first = host.WaitForSlowCalls(2);
        Assert.Equal(2, host.SlowCalls.Count);
        first[0].SetResult(0);
        Assert.Equal(1u, RawRpc.ParseReply((await RawRpc.ReceiveRecordAsync(socket))!).Xid);
        TaskCompletionSource<int>[] third = host.WaitForSlowCalls(3);
        third[1].SetResult(0);
        third[2].SetResult(0);
        host.WaitForSlowCalls(4)[3].SetResult(0);
        var xids = new HashSet<uint>();
        for (int i = 0; i < 3; i++)
        {
            xids.Add(RawRpc.ParseReply((await RawRpc.ReceiveRecordAsync(socket))!).Xid);
        }

        Assert.Equal([2u, 3u, 4u], xids.Order());
        Assert.True(host.Server.GetEventCount(RpcServerEventKind.Throttled) >= 1);
    }

    [Fact]
    public async Task Authentication_hook_sees_the_credential_and_rejects_with_its_status()
    {
        var seen = new List<AuthFlavor>();
        var options = new RpcServerOptions
        {
            Authenticate = c =>
            {
                lock (seen)
                {
                    seen.Add(c.Credential.Flavor);
                }

                return c.Credential.Flavor == AuthFlavor.Sys ? AuthStatus.Ok : AuthStatus.TooWeak;
            },
        };
        await using ServerTestHost host = await ServerTestHost.StartAsync(options);
        var sys = new AuthSysParameters(1, "host", 1000, 1000).ToOpaqueAuth();
        byte[] ok = RawRpc.Call(1, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [1, 1], sys);
        Assert.Equal(2, RawRpc.Results((await host.ExchangeAsync("tcp", ok))!, XdrCodec.Int32));
        RpcReplyHeader denied = RawRpc.ParseReply((await host.ExchangeAsync("udp", RawRpc.Null(2, ServerTestHost.Program, 2)))!);
        Assert.Equal(RejectStatus.AuthError, denied.RejectStatus);
        Assert.Equal(AuthStatus.TooWeak, denied.AuthStatus);
        Assert.Equal([AuthFlavor.Sys, AuthFlavor.None], seen);
        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.AuthenticationFailed));
    }

    [Fact]
    public async Task Stop_drains_calls_in_progress_and_sends_their_replies()
    {
        ServerTestHost host = await ServerTestHost.StartAsync();
        await using (host)
        {
            using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
            await RawRpc.SendRecordAsync(socket, RawRpc.Call(5, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, 1));
            TaskCompletionSource<int> slow = host.WaitForSlowCalls(1)[0];
            Task stop = host.Server.StopAsync();
            Assert.False(stop.IsCompleted);
            slow.SetResult(1);
            Assert.Equal(2, RawRpc.Results((await RawRpc.ReceiveRecordAsync(socket))!, XdrCodec.Int32));
            await stop.WaitAsync(RawRpc.Patience);
            Assert.True(await RawRpc.IsClosedByPeerAsync(socket));
            Assert.Equal(0, host.Server.ConnectionCount);
        }
    }

    [Fact]
    public async Task Stopping_callbacks_run_in_order_before_the_listeners_close_and_failures_are_counted()
    {
        ServerTestHost host = await ServerTestHost.StartAsync();
        await using (host)
        {
            var order = new List<string>();
            host.Server.AddStoppingCallback(async _ =>
            {
                // The server still accepts and answers while the callbacks run (rpcbind is told first, then the doors close).
                byte[] call = RawRpc.Call(9, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [4, 5]);
                order.Add($"first:{RawRpc.Results((await host.ExchangeAsync("tcp", call))!, XdrCodec.Int32)}");
            });
            host.Server.AddStoppingCallback(_ => throw new InvalidOperationException("rpcbind is gone"));
            host.Server.AddStoppingCallback(_ =>
            {
                order.Add("third");
                return Task.CompletedTask;
            });

            await host.Server.StopAsync().WaitAsync(RawRpc.Patience);
            Assert.Equal(["first:9", "third"], order);
            Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.StoppingCallbackFailed));
            Assert.Throws<InvalidOperationException>(() => host.Server.AddStoppingCallback(_ => Task.CompletedTask));
        }
    }

    [Fact]
    public async Task Stopping_callbacks_do_not_run_under_the_servers_lock()
    {
        ServerTestHost host = await ServerTestHost.StartAsync();
        await using (host)
        {
            bool otherThreadGotIn = false;
            host.Server.AddStoppingCallback(_ =>
            {
                // Holds this thread until another thread has asked for the endpoints, which takes the server's lock.
                otherThreadGotIn = Task.Run(() => host.Server.EndPoints.Count).Wait(RawRpc.Patience);
                return Task.CompletedTask;
            });

            await host.Server.StopAsync().WaitAsync(RawRpc.Patience * 2);
            Assert.True(otherThreadGotIn);
        }
    }

    [Fact]
    public async Task Stop_with_cancelled_token_cancels_handlers()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync();
        using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
        await RawRpc.SendRecordAsync(socket, RawRpc.Call(5, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, 1));
        TaskCompletionSource<int> slow = host.WaitForSlowCalls(1)[0];
        using var cts = new CancellationTokenSource();
        Task stop = host.Server.StopAsync(cts.Token);
        cts.Cancel();
        await stop.WaitAsync(RawRpc.Patience);
        Assert.True(slow.Task.IsCanceled);
    }

    [Fact]
    public async Task Handler_timeout_answers_system_error_and_cancels_the_handler()
    {
        var time = new ManualTimeProvider();
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { TimeProvider = time, HandlerTimeout = TimeSpan.FromSeconds(5) });
        using Socket socket = await RawRpc.ConnectAsync(host.Tcp);
        await RawRpc.SendRecordAsync(socket, RawRpc.Call(6, ServerTestHost.Program, 2, ServerTestHost.SlowProcedure, XdrCodec.Int32, 1));
        TaskCompletionSource<int> slow = host.WaitForSlowCalls(1)[0];
        time.Advance(TimeSpan.FromSeconds(5));
        RpcReplyHeader header = RawRpc.ParseReply((await RawRpc.ReceiveRecordAsync(socket))!);
        Assert.Equal(AcceptStatus.SystemError, header.AcceptStatus);
        Assert.Equal(6u, header.Xid);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.Task.WaitAsync(RawRpc.Patience));
        Assert.Equal(1, host.Server.GetEventCount(RpcServerEventKind.HandlerTimedOut));

        // The connection goes on serving.
        await RawRpc.SendRecordAsync(socket, RawRpc.Null(7, ServerTestHost.Program, 2));
        Assert.Equal(7u, RawRpc.ParseReply((await RawRpc.ReceiveRecordAsync(socket))!).Xid);
    }

    [Fact]
    public async Task Registering_a_procedure_twice_throws()
    {
        await using var server = new RpcServer();
        server.AddProcedure(1, 1, 1, XdrCodec.Void, XdrCodec.Void, (XdrVoid v, RpcCallContext _) => v);
        Assert.Throws<InvalidOperationException>(() => server.AddProcedure(1, 1, 1, XdrCodec.Void, XdrCodec.Void, (XdrVoid v, RpcCallContext _) => v));
        Assert.Equal([new RpcProgramVersion(1, 1)], server.Programs);
    }

    [Fact]
    public async Task Listen_endpoints_report_the_bound_ports()
    {
        await using var server = new RpcServer();
        EndPoint tcp = await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint udp = await server.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.NotEqual(0, ((IPEndPoint)tcp).Port);
        Assert.Equal([new RpcServerEndPoint(tcp, OncRpc.RpcTransportKind.Tcp), new RpcServerEndPoint(udp, OncRpc.RpcTransportKind.Udp)], server.EndPoints);
    }
}
