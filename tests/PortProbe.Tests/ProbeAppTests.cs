using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortProbe.Probing;
using PortProbe.Tests.Support;
using Xunit;

namespace PortProbe.Tests;

public sealed class ProbeAppTests
{
    private static readonly UdpInspection Silent = new(UdpState.NoAnswer, [], null, "no answer");

    [Fact]
    public async Task Exposed_host_reports_factor_programs_risks_and_remediation_and_exits_1()
    {
        using TcpListener listener = LoopbackPorts.Listen();
        string port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["127.0.0.1", "--port", port], console.Console, new FakeInspector(FakeInspector.Answering, FakeInspector.SampleListing), CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains("exposed over UDP (reflection amplifier, factor 28.6)", console.Out, StringComparison.Ordinal);
        Assert.Contains("mountd (100005): reveals the export list", console.Out, StringComparison.Ordinal);
        Assert.Contains("rpcbind.socket", console.Out, StringComparison.Ordinal);
        Assert.Contains("/run/rpcbind.sock", console.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\e[", console.Out, StringComparison.Ordinal);
        Assert.Equal("", console.Error);
    }

    [Fact]
    public async Task Closed_port_with_silent_udp_is_not_exposed_and_exits_0()
    {
        using Socket closed = LoopbackPorts.Closed(out int port);
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)], console.Console, new FakeInspector(Silent, null), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("not exposed", console.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("What to do", console.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_go_to_stderr_and_exit_2()
    {
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["--port", "x", "localhost"], console.Console, new FakeInspector(Silent, null), CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal("", console.Out);
        Assert.Contains("--port", console.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_target_file_is_a_runtime_error_with_exit_2()
    {
        var console = new ConsoleCapture();
        string missing = Path.Combine(Path.GetTempPath(), "portprobe-no-such-file-" + Guid.NewGuid().ToString("N"));

        int exit = await ProbeApp.RunAsync(["-f", missing], console.Console, new FakeInspector(Silent, null), CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal("", console.Out);
        Assert.Contains(missing, console.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_over_the_cap_is_refused_with_exit_2()
    {
        var console = new ConsoleCapture();

        int exit = await ProbeApp.RunAsync(["10.0.0.0/8"], console.Console, new FakeInspector(Silent, null), CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("--max-hosts", console.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_come_from_a_file_on_stdin()
    {
        using Socket closed = LoopbackPorts.Closed(out int port);
        var console = new ConsoleCapture(input: "# two loopback addresses\n127.0.0.1\n127.0.0.2\n");

        int exit = await ProbeApp.RunAsync(["-f", "-", "-p", port.ToString(CultureInfo.InvariantCulture), "--tcp-only"], console.Console, new FakeInspector(Silent, null), CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("127.0.0.1 ", console.Out, StringComparison.Ordinal);
        Assert.Contains("127.0.0.2 ", console.Out, StringComparison.Ordinal);
        Assert.Contains("2 addresses probed", console.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Colour_appears_on_a_terminal_unless_NO_COLOR_is_set()
    {
        using TcpListener listener = LoopbackPorts.Listen();
        string port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var inspector = new FakeInspector(FakeInspector.Answering, FakeInspector.SampleListing);
        var coloured = new ConsoleCapture(terminal: true);
        var plain = new ConsoleCapture(terminal: true, environment: new() { ["NO_COLOR"] = "1" });

        await ProbeApp.RunAsync(["127.0.0.1", "-p", port], coloured.Console, inspector, CancellationToken.None);
        await ProbeApp.RunAsync(["127.0.0.1", "-p", port], plain.Console, inspector, CancellationToken.None);

        Assert.Contains("\e[1;31m", coloured.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\e[", plain.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forced_progress_goes_to_stderr_only()
    {
        using Socket closed = LoopbackPorts.Closed(out int port);
        var console = new ConsoleCapture();

        await ProbeApp.RunAsync(["127.0.0.0/30", "-p", port.ToString(CultureInfo.InvariantCulture), "--progress", "always", "--tcp-only"], console.Console, new FakeInspector(Silent, null), CancellationToken.None);

        Assert.Contains("4/4 addresses probed", console.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("4/4", console.Out, StringComparison.Ordinal);
    }
}
