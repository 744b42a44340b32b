using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using OncRpc.Testing;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// -b with answers over IPv6 (the udp6 transport, whose broadcast goes to rpcbind's multicast group ff02::202)
/// and over both transports at once, compared with the C rpcinfo inside a network namespace the test creates.
/// The namespace has one veth end that is up for IPv4 (10.77.0.1/24) and IPv6 (only the link-local fe80::1, no
/// duplicate address detection) and is the only multicast-capable interface, so each tool sends one IPv4
/// broadcast and one IPv6 multicast, and every IPv6 answer comes from, and names, fe80::1.
/// </summary>
public sealed class BroadcastIPv6Tests
{
    private const string Host6 = "rpcinfo-test-host6";

    private static readonly IPAddress Self6 = IPAddress.Parse("fe80::1");

    // /etc/hosts: with the namespace's addresses, or without (their names are then asked of the name server).
    private static readonly string Names = $"127.0.0.1 localhost\n{BroadcastNamespace.Self4} {BroadcastNamespace.Host4}\n{Self6} {Host6}\n";
    private static readonly string NoNames = "127.0.0.1 localhost\n";

    /// <summary>
    /// Holds the namespace (see the class summary), with $2 as /etc/hosts and 127.0.0.1 as the name server (no one
    /// listens there, unless the test does). Prints "ready", then waits for its stdin to close.
    /// </summary>
    private const string HolderScript = """
        set -eu
        dir=$1
        for f in /proc/sys/net/ipv6/conf/default/accept_dad /proc/sys/net/ipv6/conf/all/accept_dad; do
          if [ -w "$f" ]; then echo 0 > "$f"; fi
        done
        ip link set lo up
        ip link add rpct0 type veth peer name rpct1
        ip link set rpct0 addrgenmode none
        ip link set rpct1 multicast off
        ip addr add 10.77.0.1/24 brd + dev rpct0
        ip -6 addr add fe80::1/64 dev rpct0 nodad
        ip link set rpct0 up
        ip link set rpct1 up
        printf '%s' "$2" > "$dir/hosts"
        printf 'nameserver 127.0.0.1\n' > "$dir/resolv.conf"
        mount --bind "$dir/hosts" /etc/hosts
        if [ -e /etc/resolv.conf ]; then mount --bind "$dir/resolv.conf" /etc/resolv.conf; fi
        echo ready
        read -r _ || true
        """;

    /// <summary>
    /// Scenarios of <see cref="BroadcastScenarios"/> answered over IPv6 only (the IPv4 broadcast goes unanswered):
    /// the C rpcinfo and ours, all at once, print the same and what the scripts expect.
    /// </summary>
    [RpcbindFact]
    public async Task Hostile_answers_over_IPv6_match_the_C_rpcinfo()
    {
        if (!IsolatedNetworkOracleTests.CanUnshare.Value || !RpcInfoRunner.CRpcInfoExists)
        {
            // xunit 2 cannot skip at run time: without root (unshare) there is nothing to compare.
            return;
        }

        string[] names = ["well-behaved", "truncated and malformed", "wrong and crossed xids", "denied and error replies", "oversized datagrams"];
        await using var ns = await BroadcastNamespace.StartAsync(HolderScript, Names);
        await using var responder = new BroadcastResponder(ns.Open(Multicast6Socket), Self6, Host6);
        BroadcastScenario[] compared = names.Select(BroadcastScenarios.Find).ToArray();
        await BroadcastHostileTests.AssertScenariosMatchTheCToolAsync(ns.Wrapper, compared, new AnswerContext(0, Self6, Host6));
    }

    /// <summary>
    /// Datagrams waiting on both transports when the tool polls (udp comes before udp6 in /etc/netconfig). The
    /// tool is held while it looks up the name of an answer it prints (the test is the namespace's name server), and
    /// the next datagrams are queued on both transports meanwhile, so that its next poll finds both, every time:
    /// <list type="number">
    /// <item>a good IPv4 answer: printed (line 1); held.</item>
    /// <item>udp: an answer with a foreign xid; udp6: a good answer. libtirpc skips the first and goes on to the
    /// next transport of the same poll, prints the second (line 2) and polls again; held.</item>
    /// <item>udp and udp6: a datagram too short for an xid each: both skipped, the round ends.</item>
    /// <item>the second round's call is answered with a good IPv4 answer (line 3) and a short datagram.</item>
    /// </list>
    /// Ending the round at the first skipped datagram instead would print the udp6 answer in the second round
    /// and end that round on the waiting short datagrams, before line 3. One tool at a time (the name server cannot tell them apart).
    /// </summary>
    [RpcbindFact]
    public async Task Answers_waiting_on_two_transports_are_read_as_the_C_rpcinfo_reads_them()
    {
        if (!IsolatedNetworkOracleTests.CanUnshare.Value || !RpcInfoRunner.CRpcInfoExists)
        {
            return;
        }

        await using var ns = await BroadcastNamespace.StartAsync(HolderScript, NoNames);
        // The name server knows no name: both tools print the address in its numeric form instead.
        var (c4, c6) = (new AnswerContext(0, BroadcastNamespace.Self4, BroadcastNamespace.Self4.ToString()), new AnswerContext(0, Self6, Self6.ToString()));
        string expected = c4.Line(0x0801) + c6.Line(0x0802) + c4.Line(0x0803);
        const uint program = 0x3a5c0100;
        foreach (bool c in new[] { true, false })
        {
            RunResult run;
            await using (new TwoTransportResponder(ns, program))
            {
                run = await (c ? RpcInfoRunner.RunCWrappedAsync(ns.Wrapper, Args(program)) : RpcInfoRunner.RunOursProcessAsync(ns.Wrapper, Args(program)));
            }

            Assert.True(run == new RunResult(expected, string.Empty, 0), $"{(c ? "C rpcinfo" : "ours")}:\n{run}\nexpected:\n{expected}");
        }
    }

    private static string[] Args(uint program) => ["-b", program.ToString(CultureInfo.InvariantCulture), "1"];

    /// <summary>A UDP socket on [::]:111 in the group ff02::202 on rpct0 (call from within the namespace).</summary>
    private static Socket Multicast6Socket()
    {
        var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = false };
        BroadcastNamespace.AllowRebind(s);
        s.Bind(new IPEndPoint(IPAddress.IPv6Any, 111));
        uint index = if_nametoindex("rpct0");
        if (index == 0)
        {
            throw new InvalidOperationException("no rpct0 in the namespace");
        }

        s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(IPAddress.Parse("ff02::202"), index));
        return s;
    }

#pragma warning disable SA1300, IDE1006, SYSLIB1054 // C name; a blittable signature needs no generated marshalling
    [DllImport("libc", SetLastError = true)]
    private static extern uint if_nametoindex([MarshalAs(UnmanagedType.LPStr)] string name);
#pragma warning restore SA1300, IDE1006, SYSLIB1054

    /// <summary>
    /// Answers one tool's broadcast on both transports as the test above scripts it, and serves the namespace's
    /// name server (127.0.0.1:53): each time the tool asks it for the name of an address it prints, the next
    /// scripted step (if any, and once the tool has read what the step before sent) sends its datagrams, and once
    /// they are queued at the tool, the name server answers that the name does not exist, which lets the tool go on.
    /// </summary>
    private sealed class TwoTransportResponder : IAsyncDisposable
    {
        private const int MaxRequests = 100;
        private const int MaxQueueChecks = 100_000;

        private readonly BroadcastNamespace _ns;
        private readonly uint _program;
        private readonly Socket _v4;
        private readonly Socket _v6;
        private readonly Socket _dns;
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource<(EndPoint To, uint Xid)> _v6Call = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<Action> _steps = new();
        private readonly Task[] _serving;
        private volatile int _toolPort4;
        private volatile int _toolPort6;
        private int _v4Calls;

        public TwoTransportResponder(BroadcastNamespace ns, uint program)
        {
            _ns = ns;
            _program = program;
            _v4 = ns.Open(() => BroadcastNamespace.Udp4Socket(IPAddress.Any, 111, allowRebind: true));
            _v6 = ns.Open(Multicast6Socket);
            _dns = ns.Open(() => BroadcastNamespace.Udp4Socket(IPAddress.Loopback, 53, allowRebind: true));
            _serving = [Task.Run(() => ServeAsync(_v4)), Task.Run(() => ServeAsync(_v6)), Task.Run(ServeNamesAsync)];
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_serving);
            _v4.Dispose();
            _v6.Dispose();
            _dns.Dispose();
            _stop.Dispose();
        }

        private async Task ServeNamesAsync()
        {
            var buffer = new byte[512];
            for (int n = 0; n < MaxRequests; n++)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _dns.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException || (_stop.IsCancellationRequested && ex is SocketException or ObjectDisposedException))
                {
                    return;
                }

                if (_steps.TryPeek(out Action? step) && !_ns.HasQueued(false, _toolPort4) && !_ns.HasQueued(true, _toolPort6)
                    && _steps.TryDequeue(out step))
                {
                    step();
                }

                if (NoSuchName(buffer.AsSpan(0, received.ReceivedBytes)) is { } answer)
                {
                    _dns.SendTo(answer, received.RemoteEndPoint);
                }
            }
        }

        /// <summary>The answer "no such name" (NXDOMAIN) to a query: its header and question, nothing else.</summary>
        private static byte[]? NoSuchName(ReadOnlySpan<byte> query)
        {
            int end = 12;
            while (end < query.Length && query[end] != 0)
            {
                end += 1 + query[end];
            }

            end += 5;
            if (query.Length < 12 || end > query.Length)
            {
                return null;
            }

            byte[] answer = query.Slice(0, end).ToArray();
            answer[2] = (byte)(0x80 | (query[2] & 0x01));
            answer[3] = 0x83;
            answer.AsSpan(6, 6).Clear();
            return answer;
        }

        private async Task ServeAsync(Socket socket)
        {
            bool ipv6 = socket.AddressFamily == AddressFamily.InterNetworkV6;
            var buffer = new byte[65536];
            var any = new IPEndPoint(ipv6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            for (int n = 0; n < MaxRequests; n++)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException || (_stop.IsCancellationRequested && ex is SocketException or ObjectDisposedException))
                {
                    return;
                }

                if (!BroadcastResponder.TryParseCall(buffer.AsSpan(0, received.ReceivedBytes), out uint xid, out bool portmapper, out uint program)
                    || portmapper || program != _program)
                {
                    continue;
                }

                EndPoint to = received.RemoteEndPoint;
                if (ipv6)
                {
                    _toolPort6 = ((IPEndPoint)to).Port;
                    _v6Call.TrySetResult((to, xid));
                    continue;
                }

                _toolPort4 = ((IPEndPoint)to).Port;
                var c4 = new AnswerContext(xid, BroadcastNamespace.Self4, BroadcastNamespace.Host4);
                if (++_v4Calls == 1)
                {
                    // Round 1. The udp6 call went out before the tool polled: wait for it, to answer there too.
                    // Bounded, and ended by disposal: a responder still waiting when the test is over must not fail it.
                    (EndPoint to6, uint xid6) to6Call;
                    try
                    {
                        to6Call = await _v6Call.Task.WaitAsync(TimeSpan.FromSeconds(30), _stop.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
                    {
                        return;
                    }

                    (EndPoint to6, uint xid6) = to6Call;
                    var c6 = new AnswerContext(xid6, Self6, Host6);
                    _steps.Enqueue(() =>
                    {
                        SendQueued(_v4, RawXdr.Words(xid ^ 0xffff0000, 1, 0, 0, 0, 0, 5, 0, 0), to);
                        SendQueued(_v6, BroadcastScenarios.Good(c6, 0x0802).Datagram, to6);
                    });
                    _steps.Enqueue(() =>
                    {
                        SendQueued(_v4, BroadcastScenarios.End.Datagram, to);
                        SendQueued(_v6, BroadcastScenarios.End.Datagram, to6);
                    });
                    _v4.SendTo(BroadcastScenarios.Good(c4, 0x0801).Datagram, to);
                }
                else if (_v4Calls == 2)
                {
                    _v4.SendTo(BroadcastScenarios.Good(c4, 0x0803).Datagram, to);
                    _v4.SendTo(BroadcastScenarios.End.Datagram, to);
                }
            }
        }

        /// <summary>
        /// Sends a datagram to the tool while it is held, and makes sure it waits in the tool's socket before the
        /// tool goes on (local delivery is all but immediate; the check, bounded, only makes certain of it).
        /// </summary>
        private void SendQueued(Socket from, byte[] datagram, EndPoint to)
        {
            from.SendTo(datagram, to);
            bool ipv6 = from.AddressFamily == AddressFamily.InterNetworkV6;
            int port = ((IPEndPoint)to).Port;
            for (int i = 0; i < MaxQueueChecks && !_ns.HasQueued(ipv6, port); i++)
            {
                Thread.Yield();
            }
        }
    }
}
