using System.Globalization;
using System.Text.Json;
using OncRpc.Portmapper;
using PortProbe.Probing;
using PortProbe.Tests.Support;
using Xunit;

namespace PortProbe.Tests.Probing;

/// <summary>The library-backed inspector against a scripted portmapper whose reply sizes are known exactly.</summary>
public sealed class ScriptedRpcbindTests
{
    private static readonly PortMapping[] V2List = Enumerable.Range(0, 30)
        .Select(i => new PortMapping(100000u + (uint)(i % 6), 1 + (uint)(i / 6), i % 2 == 0 ? PortMapping.Tcp : PortMapping.Udp, 600u + (uint)i))
        .ToArray();

    private static readonly RpcbindMapping[] RpcbList =
    [
        new(100000, 4, "tcp", "0.0.0.0.0.111", "superuser"),
        new(100000, 4, "udp", "0.0.0.0.0.111", "superuser"),
        new(100000, 4, "tcp6", "::.0.111", "superuser"),
        new(100000, 4, "local", "/run/rpcbind.sock", "superuser"),
        new(100005, 3, "tcp", "0.0.0.0.78.80", "superuser"),
        new(100003, 3, "tcp", "0.0.0.0.8.1", "superuser"),
        new(100004, 2, "udp", "0.0.0.0.3.1", "superuser"),
        new(100017, 1, "tcp", "0.0.0.0.2.200", "superuser"),
    ];

    [Fact]
    public async Task Amplification_factor_comes_from_the_real_reply_sizes_and_the_largest_wins()
    {
        await using var server = ScriptedRpcbind.Start(V2List, RpcbList);

        JsonElement host = await ProbeAsync(server.Port, expectedExit: 1);

        JsonElement udp = host.GetProperty("udp");
        Assert.Equal("answering", udp.GetProperty("state").GetString());
        var probes = udp.GetProperty("probes").EnumerateArray()
            .Select(p => (p.GetProperty("procedure").GetString(), p.GetProperty("version").GetInt32(), p.GetProperty("requestBytes").GetInt32(), p.GetProperty("replyBytes").GetInt32()))
            .ToArray();
        int rpcb = ScriptedRpcbind.DumpRpcbReplySize(RpcbList);
        // GETSTAT is refused by this server (PROC_UNAVAIL), so it has no measurement.
        Assert.Equal([("DUMP", 2, 40, ScriptedRpcbind.DumpV2ReplySize(30)), ("DUMP", 3, 40, rpcb), ("DUMP", 4, 40, rpcb)], probes);
        double expected = Math.Round(Math.Max(ScriptedRpcbind.DumpV2ReplySize(30), rpcb) / 40.0, 2);
        Assert.Equal(expected, udp.GetProperty("amplification").GetDouble());
        Assert.Equal("exposed-udp", host.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Getstat_reply_is_measured_and_wins_when_it_is_the_largest()
    {
        RpcbindStatisticsByVersion stats = Statistics(lookups: 40);
        await using var server = ScriptedRpcbind.Start(V2List, RpcbList, stats: stats);

        JsonElement host = await ProbeAsync(server.Port, expectedExit: 1);

        JsonElement udp = host.GetProperty("udp");
        JsonElement getstat = udp.GetProperty("probes").EnumerateArray().Single(p => p.GetProperty("procedure").GetString() == "GETSTAT");
        int size = ScriptedRpcbind.GetStatReplySize(stats);
        Assert.Equal(4, getstat.GetProperty("version").GetInt32());
        Assert.Equal(40, getstat.GetProperty("requestBytes").GetInt32());
        Assert.Equal(size, getstat.GetProperty("replyBytes").GetInt32());
        Assert.True(size > ScriptedRpcbind.DumpRpcbReplySize(RpcbList) && size > ScriptedRpcbind.DumpV2ReplySize(V2List.Length), $"GETSTAT {size} bytes");
        Assert.Equal(Math.Round(size / 40.0, 2), udp.GetProperty("amplification").GetDouble());
        Assert.Equal(Math.Round(size / 40.0, 2), getstat.GetProperty("factor").GetDouble());
    }

    [Fact]
    public async Task Lost_datagrams_are_sent_again_within_the_timeout_and_the_reply_still_measured()
    {
        await using var server = ScriptedRpcbind.Start(V2List, RpcbList);
        server.DropUdp = 2; // the first DUMP v2 and its first retransmission
        var watch = System.Diagnostics.Stopwatch.StartNew();

        JsonElement host = await ProbeWithTimeoutAsync(server.Port, 1, "20s");
        watch.Stop();

        JsonElement udp = host.GetProperty("udp");
        Assert.Equal("answering", udp.GetProperty("state").GetString());
        Assert.Equal(ScriptedRpcbind.DumpV2ReplySize(V2List.Length), udp.GetProperty("probes")[0].GetProperty("replyBytes").GetInt32());
        Assert.Equal(40, udp.GetProperty("probes")[0].GetProperty("requestBytes").GetInt32());
        // At least three datagrams for DUMP v2, then DUMP v3, DUMP v4 and GETSTAT (a slow machine may resend more).
        Assert.True(server.UdpDatagrams >= 6, $"{server.UdpDatagrams} datagrams");
        // Resent after 250 ms and 500 ms more, not after half of the 20 s timeout each (20 s in all); the margin is
        // for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Programs_come_from_rpcbind_v4_over_tcp_with_ports_names_and_risks()
    {
        await using var server = ScriptedRpcbind.Start(V2List, RpcbList);

        JsonElement host = await ProbeAsync(server.Port, expectedExit: 1);

        Assert.Equal(4, host.GetProperty("listing").GetProperty("dumpVersion").GetInt32());
        Assert.Equal("tcp", host.GetProperty("listing").GetProperty("transport").GetString());
        JsonElement[] programs = host.GetProperty("programs").EnumerateArray().ToArray();
        Assert.Equal(RpcbList.Length, programs.Length);
        JsonElement mountd = programs.Single(p => p.GetProperty("program").GetUInt32() == 100005);
        Assert.Equal(20048, mountd.GetProperty("port").GetInt32());
        Assert.Equal("mountd", mountd.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, programs.Single(p => p.GetProperty("protocol").GetString() == "local").GetProperty("port").ValueKind);
        Assert.Equal(["nfs", "ypserv", "mountd", "rexd"], host.GetProperty("risks").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Portmapper_without_rpcbind_versions_is_listed_with_dump_v2()
    {
        await using var server = ScriptedRpcbind.Start(V2List, rpcb: null);

        JsonElement host = await ProbeAsync(server.Port, expectedExit: 1);

        Assert.Equal(2, host.GetProperty("listing").GetProperty("dumpVersion").GetInt32());
        Assert.Equal(30, host.GetProperty("programs").GetArrayLength());
        Assert.Equal(1, host.GetProperty("udp").GetProperty("probes").GetArrayLength());
        Assert.Equal(ScriptedRpcbind.DumpV2ReplySize(30) / 40.0, host.GetProperty("udp").GetProperty("amplification").GetDouble(), 2);
    }

    [Fact]
    public async Task Hostile_undecodable_reply_still_counts_as_answering_and_does_not_crash()
    {
        await using var server = ScriptedRpcbind.Start(V2List, RpcbList, hostile: true);

        JsonElement host = await ProbeAsync(server.Port, expectedExit: 1);

        Assert.Equal("exposed-udp", host.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, host.GetProperty("listing").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, host.GetProperty("listingError").ValueKind);
    }

    [Theory]
    [InlineData("rpcbind", "--json")]
    [InlineData("rpcbind", "--no-color")]
    [InlineData("rpcbind", "--tcp-only")]
    [InlineData("portmapper-v2-only", "--json")]
    [InlineData("hostile", "--json")]
    public async Task Only_read_only_procedures_are_ever_sent(string server, string mode)
    {
        await using var scripted = server switch
        {
            "portmapper-v2-only" => ScriptedRpcbind.Start(V2List, rpcb: null),
            "hostile" => ScriptedRpcbind.Start(V2List, RpcbList, hostile: true, stats: Statistics(lookups: 3)),
            _ => ScriptedRpcbind.Start(V2List, RpcbList, stats: Statistics(lookups: 3)),
        };
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["127.0.0.1", "--port", scripted.Port.ToString(CultureInfo.InvariantCulture), "--timeout", "5s", mode],
            console.Console, new LibraryRpcbindInspector(), CancellationToken.None);

        Assert.True(exit == 1, console.Out + console.Error);
        Assert.NotEmpty(scripted.Calls);
        // Per version, the only procedures a read-only probe may use: NULL (0), DUMP (4), and GETSTAT (12, rpcbind v4).
        // SET 1, UNSET 2, CALLIT/BCAST 5, INDIRECT 10 and everything else must never arrive.
        var allowed = new HashSet<(uint, uint)> { (2, 0), (2, 4), (3, 0), (3, 4), (4, 0), (4, 4), (4, (uint)RpcbindProcedure.GetStat) };
        Assert.All(scripted.Calls, c => Assert.Contains((c.Version, c.Procedure), allowed));
        Assert.Contains(scripted.Calls, c => c.Procedure == 4);
    }

    [Fact]
    public async Task Tcp_only_skips_udp_and_reports_tcp_exposure()
    {
        await using var server = ScriptedRpcbind.Start(V2List, RpcbList);

        JsonElement host = await ProbeAsync(server.Port, expectedExit: 1, "--tcp-only");

        Assert.Equal("exposed-tcp", host.GetProperty("verdict").GetString());
        Assert.Equal("not-checked", host.GetProperty("udp").GetProperty("state").GetString());
        Assert.DoesNotContain(server.Calls, c => c.Transport == "udp");
    }

    /// <summary>rpcbind statistics with <paramref name="lookups"/> address-lookup rows in each version, as a busy server has.</summary>
    private static RpcbindStatisticsByVersion Statistics(int lookups)
    {
        RpcbindAddressStatistic[] rows = Enumerable.Range(0, lookups)
            .Select(i => new RpcbindAddressStatistic(100000u + (uint)i, 3, 10 + i, i, i % 2 == 0 ? "tcp" : "udp6")).ToArray();
        var one = new RpcbindStatistics(new int[RpcbindStatistics.ProcedureCount], 5, 1, rows, []);
        return new RpcbindStatisticsByVersion(one, one, one);
    }

    private static Task<JsonElement> ProbeAsync(int port, int expectedExit, params string[] extra) => ProbeWithTimeoutAsync(port, expectedExit, "5s", extra);

    private static async Task<JsonElement> ProbeWithTimeoutAsync(int port, int expectedExit, string timeout, params string[] extra)
    {
        var console = new ConsoleCapture();
        string[] args = ["127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--timeout", timeout, "--json", .. extra];
        int exit = await ProbeApp.RunAsync(args, console.Console, new LibraryRpcbindInspector(), CancellationToken.None);
        Assert.True(expectedExit == exit, $"exit {exit}\n{console.Out}\n{console.Error}");
        return JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts")[0].Clone();
    }
}
