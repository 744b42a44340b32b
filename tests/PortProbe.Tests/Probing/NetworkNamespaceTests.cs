using System.Net;
using PortProbe.Probing;
using PortProbe.Tests.Support;
using Xunit;

namespace PortProbe.Tests.Probing;

/// <summary>A closed and a filtered host, each a network namespace the test creates, reaches and deletes.</summary>
public sealed class NetworkNamespaceTests
{
    [NetnsFact]
    public async Task Host_without_rpcbind_is_closed_and_not_exposed()
    {
        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync();

        TcpCheck tcp = await TcpProbe.CheckAsync(new IPEndPoint(ns.Address, 111), TimeSpan.FromSeconds(5), CancellationToken.None);
        var console = new ConsoleCapture();
        int exit = await ProbeApp.RunAsync([ns.Address.ToString(), "--timeout", "4s", "--json"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None);

        Assert.Equal(TcpState.Closed, tcp.State);
        Assert.Equal(0, exit);
        Assert.Contains("\"verdict\": \"not-exposed\"", console.Out, StringComparison.Ordinal);
        System.Text.Json.JsonElement host = System.Text.Json.JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts")[0];
        Assert.Equal("closed", host.GetProperty("tcp").GetProperty("state").GetString());
        // The namespace's kernel answers the UDP datagram with ICMP port unreachable.
        Assert.Equal("closed", host.GetProperty("udp").GetProperty("state").GetString());
    }

    [NetnsFact]
    public async Task Host_dropping_port_111_is_filtered_within_the_timeout()
    {
        await using NetworkNamespace ns = await NetworkNamespace.CreateAsync();
        await ns.DropPortAsync(111);
        var timeout = TimeSpan.FromSeconds(4);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var console = new ConsoleCapture();
        int exit = await ProbeApp.RunAsync([ns.Address.ToString(), "--timeout", "4s", "--json"], console.Console, new LibraryRpcbindInspector(), CancellationToken.None);
        watch.Stop();

        Assert.Equal(0, exit);
        System.Text.Json.JsonElement host = System.Text.Json.JsonDocument.Parse(console.Out).RootElement.GetProperty("hosts")[0];
        Assert.Equal("filtered", host.GetProperty("tcp").GetProperty("state").GetString());
        Assert.Equal("no-answer", host.GetProperty("udp").GetProperty("state").GetString());
        Assert.Contains("\"verdict\": \"not-exposed\"", console.Out, StringComparison.Ordinal);
        // TCP and UDP are probed side by side, so a silent host costs about one timeout, not two (the connect, then
        // DUMP v2). Half a timeout more (2 s) is room for a loaded machine.
        Assert.True(watch.Elapsed < timeout * 1.5, $"took {watch.Elapsed}");
    }
}
