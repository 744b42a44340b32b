using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OncRpc.Testing;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// -b end to end against hostile answerers (<see cref="BroadcastScenarios"/>): malformed and truncated replies,
/// wrong and crossed xids, refusals and errors, garbage and giant universal addresses, oversized datagrams, floods.
/// Nothing is ever broadcast on the machine's networks: in-process runs aim the broadcast at a responder on
/// loopback (<see cref="RpcInfoSettings.BroadcastTargets"/>); the comparison with the C rpcinfo runs both tools
/// inside a network namespace the test creates, where the responder (a socket of this process, opened from
/// within the namespace) listens on port 111 and hears the real broadcast.
/// </summary>
public sealed class BroadcastHostileTests
{
    /// <summary>
    /// Holds the namespace: one veth with one IPv4 network (one broadcast address), no IPv6 (so no multicast
    /// transport whose address may still be tentative), and private /etc/hosts and /etc/resolv.conf so that the
    /// name lookups of both tools are local and fail at once. Prints "ready", then waits for its stdin to close.
    /// </summary>
    private const string HolderScript = """
        set -eu
        dir=$1
        # No IPv6 where it can be turned off; where it cannot, no duplicate address detection either, so
        # link-local addresses are usable at once and both tools send on the IPv6 transport alike.
        for f in /proc/sys/net/ipv6/conf/default/disable_ipv6 /proc/sys/net/ipv6/conf/all/disable_ipv6 \
                 /proc/sys/net/ipv6/conf/default/accept_dad /proc/sys/net/ipv6/conf/all/accept_dad; do
          case $f in *disable_ipv6) v=1 ;; *) v=0 ;; esac
          if [ -w "$f" ]; then echo $v > "$f"; fi
        done
        ip link set lo up
        ip link add rpct0 type veth peer name rpct1
        ip addr add 10.77.0.1/24 brd + dev rpct0
        ip link set rpct0 up
        ip link set rpct1 up
        printf '127.0.0.1 localhost\n10.77.0.1 rpcinfo-test-host\n' > "$dir/hosts"
        printf 'nameserver 127.0.0.1\n' > "$dir/resolv.conf"
        mount --bind "$dir/hosts" /etc/hosts
        if [ -e /etc/resolv.conf ]; then mount --bind "$dir/resolv.conf" /etc/resolv.conf; fi
        echo ready
        read -r _ || true
        """;

    public static TheoryData<string> ScenarioNames()
    {
        var data = new TheoryData<string>();
        foreach (BroadcastScenario s in BroadcastScenarios.All.Where(s => s.Flood is null))
        {
            data.Add(s.Name);
        }

        return data;
    }

    /// <summary>Our -b in-process against a loopback responder: only the good answers are printed, and at once.</summary>
    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task Hostile_answers_are_ignored_and_good_ones_printed(string name)
    {
        BroadcastScenario scenario = BroadcastScenarios.Find(name);
        await using BroadcastResponder responder = LoopbackResponder();
        var sw = Stopwatch.StartNew();
        RunResult ours = await RpcInfoRunner.RunOursAsync(LoopbackSettings(responder, TimeSpan.FromSeconds(60)), Args(scenario));

        // Every round ends on a datagram that ends it: no waiting for the 20 + 40 seconds of silence (the margin is
        // for a loaded machine).
        Assert.Equal(new RunResult(scenario.ExpectedStdout(new AnswerContext(0, IPAddress.Loopback, LoopbackHost)), string.Empty, 0), ours);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), $"took {sw.Elapsed}");
    }

    /// <summary>
    /// A never-ending stream of answers: the C tool listens afresh after each one and never stops; ours stops at
    /// <see cref="RpcInfoSettings.BroadcastTimeLimit"/> and exits 0 (a broadcast that timed out), having printed
    /// each valid answer and kept nothing else.
    /// </summary>
    [Theory]
    [InlineData("flood of valid answers", true)]
    [InlineData("flood of oversized garbage", false)]
    public async Task A_flood_of_answers_stops_at_the_time_limit(string name, bool printed)
    {
        BroadcastScenario scenario = BroadcastScenarios.Find(name);
        await using BroadcastResponder responder = LoopbackResponder();
        string line = BroadcastScenarios.Find("well-behaved").ExpectedStdout(new AnswerContext(0, IPAddress.Loopback, LoopbackHost)).Split('\n')[0] + "\n";
        var stdout = new LineCheckingWriter(line);
        var stderr = new StringWriter();
        TimeSpan limit = TimeSpan.FromSeconds(1);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sw = Stopwatch.StartNew();
        int code = await RpcInfoApp.RunAsync(Args(scenario), stdout, stderr, LoopbackSettings(responder, limit), cts.Token);
        TimeSpan took = sw.Elapsed;
        long sent = responder.FloodSent;

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr.ToString());
        Assert.Null(stdout.Mismatch);
        Assert.True(took >= limit - TimeSpan.FromMilliseconds(50) && took < limit + TimeSpan.FromSeconds(10), $"took {took}");
        Assert.True(sent > 100, $"the responder sent only {sent} datagrams");
        if (printed)
        {
            Assert.True(stdout.Lines > 0, "no answer of the flood was printed");
        }
        else
        {
            Assert.Equal(0, stdout.Lines);
        }
    }

    /// <summary>
    /// The C rpcinfo and ours (as its own process, with the real tool's waits) side by side in a private network,
    /// every scenario that is safe for the C tool at the same time: same stdout, stderr and exit code, and the
    /// good answers printed. Rounds end on scripted datagrams, so this takes seconds, not 12 per broadcast.
    /// </summary>
    [RpcbindFact]
    public async Task Hostile_answers_in_a_private_network_match_the_C_rpcinfo()
    {
        if (!IsolatedNetworkOracleTests.CanUnshare.Value || !RpcInfoRunner.CRpcInfoExists)
        {
            // xunit 2 cannot skip at run time: without root (unshare) there is nothing to compare.
            return;
        }

        await using var ns = await BroadcastNamespace.StartAsync(HolderScript);
        await using var responder = new BroadcastResponder(
            ns.Open(() => BroadcastNamespace.Udp4Socket(IPAddress.Any, 111, allowRebind: false)), BroadcastNamespace.Self4, BroadcastNamespace.Host4);
        BroadcastScenario[] compared = BroadcastScenarios.All.Where(s => s.SafeForC).ToArray();
        await AssertScenariosMatchTheCToolAsync(ns.Wrapper, compared, new AnswerContext(0, BroadcastNamespace.Self4, BroadcastNamespace.Host4));
    }

    /// <summary>
    /// Runs the C rpcinfo and ours on every scenario at once through <paramref name="wrapper"/> and requires the
    /// same output of both, and the output the scenarios expect.
    /// </summary>
    internal static async Task AssertScenariosMatchTheCToolAsync(string wrapper, IReadOnlyList<BroadcastScenario> scenarios, AnswerContext context)
    {
        var runs = scenarios.Select(s => (Scenario: s, C: RpcInfoRunner.RunCWrappedAsync(wrapper, Args(s)), Ours: RpcInfoRunner.RunOursProcessAsync(wrapper, Args(s)))).ToArray();
        await Task.WhenAll(runs.SelectMany(r => new[] { r.C, r.Ours }));

        var (cAll, oursAll, expectedAll) = (new StringBuilder(), new StringBuilder(), new StringBuilder());
        foreach (var (scenario, cRun, oursRun) in runs)
        {
            string expected = scenario.ExpectedStdout(context);
            cAll.Append("=== ").Append(scenario.Name).Append('\n').Append(await cRun);
            oursAll.Append("=== ").Append(scenario.Name).Append('\n').Append(await oursRun);
            expectedAll.Append("=== ").Append(scenario.Name).Append('\n').Append(new RunResult(expected, string.Empty, 0));
        }

        Assert.True(cAll.ToString() == oursAll.ToString(), $"C rpcinfo:\n{cAll}\nours:\n{oursAll}");
        Assert.True(expectedAll.ToString() == oursAll.ToString(), $"expected:\n{expectedAll}\nours:\n{oursAll}");
    }

    private static string LoopbackHost => NativeNetwork.HostName(new IPEndPoint(IPAddress.Loopback, 0)) ?? "unknown";

    private static string[] Args(BroadcastScenario scenario) =>
        ["-b", scenario.Program.ToString(System.Globalization.CultureInfo.InvariantCulture), "1"];

    private static BroadcastResponder LoopbackResponder()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new BroadcastResponder(socket, IPAddress.Loopback, LoopbackHost);
    }

    /// <summary>
    /// The broadcast aimed at the responder only (IPv4; no IPv6 transport), with two rounds of listening as in
    /// libtirpc, waits long enough that only a scripted datagram, or the time limit, ends a round.
    /// </summary>
    private static RpcInfoSettings LoopbackSettings(BroadcastResponder responder, TimeSpan timeLimit) => new()
    {
        BroadcastTargets = family => family == AddressFamily.InterNetwork ? [responder.EndPoint] : [],
        BroadcastInitialWait = TimeSpan.FromSeconds(20),
        BroadcastMaxWait = TimeSpan.FromSeconds(40),
        BroadcastTimeLimit = timeLimit,
    };

    /// <summary>Counts the lines written and checks each against the one expected, keeping none of them.</summary>
    private sealed class LineCheckingWriter(string expectedLine) : TextWriter
    {
        private readonly StringBuilder _current = new();

        public override Encoding Encoding => Encoding.UTF8;

        public int Lines { get; private set; }

        public string? Mismatch { get; private set; }

        public override void Write(char value)
        {
            _current.Append(value);
            if (value == '\n')
            {
                string line = _current.ToString();
                _current.Clear();
                Lines++;
                Mismatch ??= line == expectedLine ? null : line;
            }
        }

        public override void Write(string? value)
        {
            foreach (char ch in value ?? string.Empty)
            {
                Write(ch);
            }
        }
    }
}
