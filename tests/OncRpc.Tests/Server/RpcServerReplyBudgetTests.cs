using System.Net;
using System.Net.Sockets;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Server;

/// <summary>
/// Peers that do not read their replies, or trickle their calls (#16): the server-wide reply budget bounds what the
/// server buffers, and slow senders never keep a new client out.
/// </summary>
public sealed class RpcServerReplyBudgetTests
{
    [Fact]
    public async Task Unread_pipelined_replies_on_many_connections_stay_within_the_server_wide_budget()
    {
        const int Attackers = 20;
        const long Budget = 256 * 1024;
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxTotalPendingReplyBytes = Budget });
        byte[] call = RawRpc.Frame(RawRpc.Call(1, ServerTestHost.Program, 2, ServerTestHost.EchoProcedure, XdrCodec.String, new string('x', 900)));
        byte[] burst = Enumerable.Repeat(call, 50).SelectMany(b => b).ToArray();
        var attackers = new List<Socket>();
        var senders = new List<Task>();
        using var stop = new CancellationTokenSource();
        long peak = 0;
        try
        {
            for (int i = 0; i < Attackers; i++)
            {
                Socket s = await FloodClient.ConnectFromAsync(FloodClient.Loopback(2), host.Tcp);
                s.ReceiveBufferSize = 4096;
                attackers.Add(s);

                // 10,000 calls each, none of whose replies is ever read: 9.4 MB of replies, more than the 4 MiB the
                // kernel may buffer to send on loopback, so the rest waits in the server, where the budget bounds it.
                senders.Add(Task.Run(async () =>
                {
                    for (int b = 0; b < 200 && !stop.IsCancellationRequested; b++)
                    {
                        await s.SendAsync(burst, SocketFlags.None, stop.Token);
                    }
                }));
            }

            // Back-pressure reached: the server holds more than its budget and has stopped reading the hoarders.
            await Polling.WaitUntilAsync(() =>
            {
                peak = Math.Max(peak, host.Server.PendingReplyBytes);
                return peak > Budget && host.Server.GetEventCount(RpcServerEventKind.Throttled) >= Attackers;
            });

            // While the attack is held open, a legitimate client is served over TCP from another address, and over UDP.
            await FloodClient.AssertAnsweredAsync(host, FloodClient.Loopback(3), 9);
            byte[] udpCall = RawRpc.Call(10, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [2, 3]);
            Assert.Equal(5, RawRpc.Results((await host.ExchangeAsync("udp", udpCall))!, XdrCodec.Int32));
            peak = Math.Max(peak, host.Server.PendingReplyBytes);

            // Each connection stops reading above its even share of the budget; it may overshoot by the replies of the
            // calls it had in flight (at most 64 outstanding calls of under 1 KiB each).
            long bound = (2 * Budget) + (Attackers * 64 * 1024);
            Assert.True(peak <= bound, $"the server buffered {peak} reply bytes, above {bound}");
        }
        finally
        {
            stop.Cancel();
            attackers.ForEach(s => s.Dispose());
            await Task.WhenAll(senders.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        // The buffered replies leave with their connections.
        await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 0 && host.Server.PendingReplyBytes == 0);
        await FloodClient.AssertAnsweredAsync(host, IPAddress.Loopback, 11);
    }

    [Fact]
    public async Task Slow_senders_trickling_one_byte_at_a_time_never_keep_a_new_client_out()
    {
        await using ServerTestHost host = await ServerTestHost.StartAsync(new RpcServerOptions { MaxConnections = 32, MaxConnectionShare = 1 });
        byte[] call = RawRpc.Frame(RawRpc.Call(1, ServerTestHost.Program, 2, ServerTestHost.EchoProcedure, XdrCodec.String, new string('y', 200)));
        var slow = new List<Socket>();
        var legit = new List<Socket>();
        try
        {
            for (int i = 0; i < 32; i++)
            {
                slow.Add(await FloodClient.ConnectFromAsync(FloodClient.Loopback(2), host.Tcp));
            }

            await Polling.WaitUntilAsync(() => host.Server.ConnectionCount == 32);

            // Rounds: every slow sender that is still connected sends one more byte of its call, then a legitimate
            // client connects, is answered and stays connected. The server is full each time, and the connection that
            // goes is a slow sender's: trickling bytes that complete no call does not count as use.
            for (int round = 0; round < 8; round++)
            {
                foreach (Socket s in slow.Where(s => !FloodClient.IsClosedNow(s)))
                {
                    try
                    {
                        await s.SendAsync(call.AsMemory(round, 1), SocketFlags.None);
                    }
                    catch (SocketException)
                    {
                        // Evicted between the check and the send.
                    }
                }

                legit.Add(await FloodClient.ConnectFromAsync(FloodClient.Loopback(3), host.Tcp));
                await FloodClient.AssertAnsweredOnAsync(legit[^1], (uint)round + 1);
            }

            Assert.Equal(8, host.Server.GetEventCount(RpcServerEventKind.ConnectionEvicted));
            Assert.Equal(0, host.Server.GetEventCount(RpcServerEventKind.ConnectionRefused));
            for (int i = 0; i < legit.Count; i++)
            {
                await FloodClient.AssertAnsweredOnAsync(legit[i], 100 + (uint)i);
            }
        }
        finally
        {
            slow.ForEach(s => s.Dispose());
            legit.ForEach(s => s.Dispose());
        }
    }
}
