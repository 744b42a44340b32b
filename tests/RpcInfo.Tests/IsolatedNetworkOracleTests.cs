using System.Diagnostics;
using OncRpc.Testing;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// Connection refused and missing sockets, compared with the C rpcinfo: both run as processes inside a fresh
/// network namespace (only loopback, nothing listening on port 111), or against a local socket path that does
/// not exist. Our rpcinfo runs as its own process (dotnet rpcinfo.dll) here, which also tests the executable.
/// </summary>
public sealed class IsolatedNetworkOracleTests
{
    private const string EmptyNetwork = "unshare -n -- bash -c 'ip link set lo up && {}' rpcinfo \"$@\"";

    internal static readonly Lazy<bool> CanUnshare = new(() =>
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("unshare", "-n true") { RedirectStandardError = true, UseShellExecute = false })!;
            return p.WaitForExit(10_000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    public static TheoryData<string> RefusedCases() => new()
    {
        "127.0.0.1", "-p 127.0.0.1", "-s 127.0.0.1", "-m 127.0.0.1", "-l 127.0.0.1 100000 2", "-t 127.0.0.1 100000",
        "-u 127.0.0.1 100000 2", "-T tcp 127.0.0.1 100000", "-T udp 127.0.0.1 100000 2", "-T tcp6 ::1 100000 2",
        "-p ::1", "-T udp 127.0.0.1", "-T tcp 127.0.0.1", "-l -T tcp 127.0.0.1 100000 2", "-l -T udp 127.0.0.1 100000 2",
        "-T tcp ::1 100000", "-l -T tcp6 ::1 100000 2",

        // No broadcast-capable interface (loopback has none): the broadcast has no transport.
        "-b 100000 2", "-b rpcbind 4",
    };

    [RpcbindTheory]
    [MemberData(nameof(RefusedCases))]
    public async Task Connection_refused_matches_the_C_rpcinfo(string args)
    {
        if (!CanUnshare.Value)
        {
            // xunit 2 cannot skip at run time: without root (unshare) there is nothing to compare.
            return;
        }

        string[] argv = OracleTests.Split(args);
        RunResult c = await RpcInfoRunner.RunCWrappedAsync(EmptyNetwork, argv);
        RunResult ours = await RpcInfoRunner.RunOursProcessAsync(EmptyNetwork, argv);
        Assert.Equal(c.ToString(), ours.ToString());
    }

    /// <summary>
    /// Nothing listening, over udp6: libtirpc asks for ICMP errors on IPv4 datagram sockets only, so the C tool never
    /// hears the port unreachable and waits out its timeout (10 seconds for a ping, 60 for rpcbind). All cases run
    /// at once, each in a namespace of its own, so the test takes one minute, not seven.
    /// </summary>
    [RpcbindFact]
    public async Task Unanswered_udp6_calls_time_out_like_the_C_rpcinfo()
    {
        if (!CanUnshare.Value)
        {
            return;
        }

        string[] cases =
        [
            "-T udp6 ::1", "-s -T udp6 ::1", "-m -T udp6 ::1", "-l -T udp6 ::1 100000 2", "-T udp6 ::1 100000 2",
            "-u ::1 100000 2", "-a ::1.0.111 -T udp6 100000 2",
        ];
        var runs = cases.Select(args => OracleTests.Split(args)).Select(argv =>
            (C: RpcInfoRunner.RunCWrappedAsync(EmptyNetwork, argv), Ours: RpcInfoRunner.RunOursProcessAsync(EmptyNetwork, argv))).ToArray();
        for (int i = 0; i < cases.Length; i++)
        {
            RunResult c = await runs[i].C;
            RunResult ours = await runs[i].Ours;
            Assert.True(c.ToString() == ours.ToString(), $"rpcinfo {cases[i]}:\nC:\n{c}\nours:\n{ours}");
        }
    }

    public static TheoryData<string> NoLocalSocketCases() => new()
    {
        "", "-p", "-s", "-m", "-T local x 100000 2", "-T local 127.0.0.1 100024 1",

        // -d falls back to rpcbind over loopback TCP, where nothing is registered under this number.
        "-d 1073741823 1", "-d -T udp 1073741823 7",
    };

    [RpcbindTheory]
    [MemberData(nameof(NoLocalSocketCases))]
    public async Task Missing_local_socket_matches_the_C_rpcinfo(string args)
    {
        if (!CanUnshare.Value)
        {
            return;
        }

        string[] argv = OracleTests.Split(args);
        RunResult c = await RpcInfoRunner.RunCWrappedAsync("unshare -m -- bash -c 'mount -t tmpfs none /run && {}' rpcinfo \"$@\"", argv);
        RunResult ours = await RpcInfoRunner.RunOursAsync(
            new RpcInfo.RpcInfoSettings { LocalSocketPath = "/run/rpcinfo-tests-no-such-dir/rpcbind.sock" }, argv);
        Assert.Equal(c.ToString(), ours.ToString());
    }

    /// <summary>Something at the socket's path that is not a listening socket: connect() is refused.</summary>
    [RpcbindTheory]
    [InlineData("")]
    [InlineData("-p")]
    [InlineData("-s")]
    [InlineData("-m")]
    [InlineData("-T local 127.0.0.1 100024 1")]
    public async Task Dead_local_socket_matches_the_C_rpcinfo(string args)
    {
        if (!CanUnshare.Value)
        {
            return;
        }

        string[] argv = OracleTests.Split(args);
        RunResult c = await RpcInfoRunner.RunCWrappedAsync("unshare -m -- bash -c 'mount -t tmpfs none /run && : > /run/rpcbind.sock && {}' rpcinfo \"$@\"", argv);
        string dead = Path.Combine(Directory.CreateTempSubdirectory("rpcinfo-dead-").FullName, "rpcbind.sock");
        File.WriteAllBytes(dead, []);
        try
        {
            RunResult ours = await RpcInfoRunner.RunOursAsync(new RpcInfo.RpcInfoSettings { LocalSocketPath = dead }, argv);
            Assert.Equal(c.ToString(), ours.ToString());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dead)!, recursive: true);
        }
    }
}
