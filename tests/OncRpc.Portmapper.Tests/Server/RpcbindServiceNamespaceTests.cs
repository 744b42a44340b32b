using System.Diagnostics;
using Xunit;

namespace OncRpc.Portmapper.Tests.Server;

/// <summary>
/// SET and UNSET from an address that is not loopback: the sample daemon (rpcbindd) runs inside a network namespace
/// the test creates, where 10.77.0.1 (not a loopback address, though on the lo device) is added, so a client there
/// can reach it from 10.77.0.1 as well as from 127.0.0.1.
/// Calls are raw bytes over bash's /dev/tcp, so nothing but bash, iproute2 and unshare is needed.
/// </summary>
public sealed class RpcbindServiceNamespaceTests
{
    // SET (portmapper v2, procedure 1) of program 0x20000099 version 1, TCP, port 4660, record-marked.
    private const string Set = @"\x80\x00\x00\x38\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x01\x86\xa0\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x20\x00\x00\x99\x00\x00\x00\x01\x00\x00\x00\x06\x00\x00\x12\x34";

    // Version 2 SET, UNSET and GETPORT of the same program version over UDP (protocol 17), built like Set above.
    private const string SetUdp = @"\x80\x00\x00\x38\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x01\x86\xa0\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x20\x00\x00\x99\x00\x00\x00\x01\x00\x00\x00\x11\x00\x00\x12\x34";
    private const string UnsetUdp = @"\x80\x00\x00\x38\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x01\x86\xa0\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x20\x00\x00\x99\x00\x00\x00\x01\x00\x00\x00\x11\x00\x00\x12\x34";
    private const string GetPortUdp = @"\x80\x00\x00\x38\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x01\x86\xa0\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x20\x00\x00\x99\x00\x00\x00\x01\x00\x00\x00\x11\x00\x00\x12\x34";

    private const string Script = """
        set -e
        ip link set lo up
        ip addr add 10.77.0.1/32 dev lo
        exec 9< <(exec "$0" "$1" --address 10.77.0.1 --address 127.0.0.1 --port 1111 2>&1)
        daemon=$!
        trap 'kill $daemon' EXIT
        read -r -u 9 line   # the first "listening ..." line: every listener is open by then
        call() {  # a call ($2, SET by default) over TCP to $1 (the source address is then $1 too); prints the result word as 8 hex digits
          exec 3<>"/dev/tcp/$1/1111"
          printf '%b' "${2:-$SET}" >&3
          head -c 32 <&3 | od -An -tx1 | tr -d ' \n' | tail -c 8; echo
          exec 3<&- 3>&-
        }
        if [ -n "${UNSET_UDP:-}" ]; then
          echo "set $(call 127.0.0.1 "$SET_UDP")"
          echo "remote-unset $(call 10.77.0.1 "$UNSET_UDP")"
          echo "getport $(call 127.0.0.1 "$GETPORT_UDP")"
          exit 0
        fi
        echo "remote $(call 10.77.0.1)"
        echo "local $(call 127.0.0.1)"
        """;

    [Fact]
    public async Task Set_from_a_non_loopback_address_is_refused_and_from_loopback_accepted()
    {
        if (!IsolatedNetwork.CanCreate)
        {
            // xunit 2 cannot skip at run time: without root, unshare and ip there is no second address to call from.
            return;
        }

        string output = await RunAsync(new Dictionary<string, string> { ["SET"] = Set });
        Assert.Contains("remote 00000000", output, StringComparison.Ordinal);
        Assert.Contains("local 00000001", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_2_unset_from_a_non_loopback_address_leaves_the_udp_registration()
    {
        if (!IsolatedNetwork.CanCreate)
        {
            return;
        }

        // UNSET once removed the UDP registration before asking whether the caller was local.
        string output = await RunAsync(new Dictionary<string, string>
        {
            ["SET"] = Set,
            ["SET_UDP"] = SetUdp,
            ["UNSET_UDP"] = UnsetUdp,
            ["GETPORT_UDP"] = GetPortUdp,
        });
        Assert.Contains("set 00000001", output, StringComparison.Ordinal);
        Assert.Contains("remote-unset 00000000", output, StringComparison.Ordinal);
        Assert.Contains("getport 00001234", output, StringComparison.Ordinal);
    }

    private static async Task<string> RunAsync(Dictionary<string, string> environment)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "rpcbindd.dll");
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo("unshare", ["-n", "--", "bash", "-c", Script, dotnet, dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string output = await process.StandardOutput.ReadToEndAsync(cts.Token);
        string errors = await process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, output + errors);
        return output;
    }
}

internal static class IsolatedNetwork
{
    public static bool CanCreate { get; } = Probe();

    private static bool Probe()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("unshare", ["-n", "--", "ip", "addr", "add", "10.77.0.1/32", "dev", "lo"]) { RedirectStandardError = true })!;
            return p.WaitForExit(10_000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
