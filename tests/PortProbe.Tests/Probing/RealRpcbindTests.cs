using System.Diagnostics;
using System.Text.Json;
using OncRpc.Testing;
using PortProbe.Probing;
using PortProbe.Tests.Support;
using Xunit;

namespace PortProbe.Tests.Probing;

/// <summary>The probe against the system rpcbind on 127.0.0.1:111 (skips without it, fails in CI).</summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class RealRpcbindTests
{
    [RpcbindFact]
    public async Task Local_rpcbind_is_a_udp_reflector_with_the_programs_rpcinfo_lists()
    {
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["127.0.0.1", "--json"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None);

        Assert.True(exit == 1, console.Out + console.Error);
        JsonElement host = JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts")[0];
        Assert.Equal("exposed-udp", host.GetProperty("verdict").GetString());
        Assert.Equal("open", host.GetProperty("tcp").GetProperty("state").GetString());
        Assert.Equal(4, host.GetProperty("listing").GetProperty("dumpVersion").GetInt32());

        JsonElement udp = host.GetProperty("udp");
        string[] measured = udp.GetProperty("probes").EnumerateArray()
            .Select(p => p.GetProperty("procedure").GetString() + " v" + p.GetProperty("version").GetInt32()).ToArray();
        Assert.Equal(["DUMP v2", "DUMP v3", "DUMP v4", "GETSTAT v4"], measured);
        Assert.All(udp.GetProperty("probes").EnumerateArray(), p => Assert.Equal(40, p.GetProperty("requestBytes").GetInt32()));
        double largest = udp.GetProperty("probes").EnumerateArray().Max(p => p.GetProperty("replyBytes").GetInt32() / 40.0);
        Assert.Equal(Math.Round(largest, 2), udp.GetProperty("amplification").GetDouble());
        Assert.True(largest > 1, $"factor {largest}");

        var ours = host.GetProperty("programs").EnumerateArray()
            .Select(p => (p.GetProperty("program").GetUInt32(), p.GetProperty("version").GetUInt32(), p.GetProperty("protocol").GetString(), p.GetProperty("port").ValueKind == JsonValueKind.Number ? p.GetProperty("port").GetInt32() : -1))
            .ToHashSet();
        Assert.Contains((100000u, 4u, "tcp", 111), ours);
        Assert.Contains((100000u, 2u, "udp", 111), ours);
        foreach ((uint program, uint version, string protocol, int port) in await RpcinfoAsync())
        {
            Assert.Contains((program, version, protocol, port), ours);
        }
    }

    [RpcbindFact]
    public async Task Readme_command_localhost_reports_exposure_in_a_table()
    {
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["localhost"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("exposed over UDP (reflection amplifier, factor ", console.Out, StringComparison.Ordinal);
        Assert.Contains("portmapper", console.Out, StringComparison.Ordinal);
        Assert.Contains("systemctl mask rpcbind.service rpcbind.socket", console.Out, StringComparison.Ordinal);
    }

    [RpcbindFact]
    public async Task Ipv6_literal_is_probed_over_ipv6_on_both_legs()
    {
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["[::1]", "--json"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None);

        Assert.True(exit == 1, console.Out + console.Error);
        JsonElement host = JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts")[0];
        Assert.Equal("::1", host.GetProperty("address").GetString());
        Assert.Equal("open", host.GetProperty("tcp").GetProperty("state").GetString());
        Assert.Equal("exposed-udp", host.GetProperty("verdict").GetString());
        Assert.Contains(host.GetProperty("programs").EnumerateArray(),
            p => p.GetProperty("program").GetUInt32() == 100000 && p.GetProperty("protocol").GetString() == "tcp6");
    }

    [RpcbindFact]
    public async Task Every_address_of_a_loopback_range_shows_the_same_programs()
    {
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["127.0.1.0/28", "--json"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None);

        Assert.Equal(1, exit);
        JsonElement[] hosts = JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts").EnumerateArray().ToArray();
        Assert.Equal(16, hosts.Length);
        string[] lists = hosts.Select(h => string.Join(";", h.GetProperty("programs").EnumerateArray()
            .Select(p => $"{p.GetProperty("program")}/{p.GetProperty("version")}/{p.GetProperty("protocol")}/{p.GetProperty("port")}"))).ToArray();
        Assert.All(hosts, h => Assert.Equal("exposed-udp", h.GetProperty("verdict").GetString()));
        Assert.Single(lists.Distinct());
        Assert.Contains("100000/4/tcp/111", lists[0], StringComparison.Ordinal);
    }

    /// <summary>The system rpcinfo's view (`rpcinfo -p`, portmapper v2), when the tool is installed.</summary>
    private static async Task<List<(uint, uint, string, int)>> RpcinfoAsync()
    {
        const string tool = "/usr/sbin/rpcinfo";
        var rows = new List<(uint, uint, string, int)>();
        if (!File.Exists(tool))
        {
            return rows;
        }

        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add("127.0.0.1");
        using Process process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string output = await process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        foreach (string line in output.Split('\n').Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 4 && uint.TryParse(f[0], out uint program))
            {
                rows.Add((program, uint.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2], int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return rows;
    }
}
