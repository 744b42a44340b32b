using OncRpc.Testing;
using Xunit;

namespace RpcInfo.Tests;

/// <summary>
/// Runs the C rpcinfo and ours with the same arguments against this machine's rpcbind and rpc.statd and requires
/// the same stdout, stderr and exit code, byte for byte. Both run back to back, so live data (statd's ports) is
/// the same for both; GETSTAT counters are not (see <see cref="StatisticsOracleTests"/>).
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class OracleTests
{
    public static TheoryData<string> ArgumentErrors() => new()
    {
        "-x", "-T", "-a", "-n", "--foo", "-h", "-pt", "-p -s", "-s -m", "-tu 127.0.0.1 100024", "127.0.0.1 100024",
        "-p 127.0.0.1 extra", "-n 5 -p", "-n abc -p", "-x -n abc", "-n 12x -t 127.0.0.1 100024",
        "-d", "-d 100000", "-d abc x", "-d abc 1", "-d -T bogus 999999 1", "-d 1 2 3",
        "-b", "-b abc 2", "-b 100000 x", "-b 1",
        "-l 127.0.0.1 100000", "-l 127.0.0.1 abc x", "-l -T bogus 127.0.0.1 100024 1",
        "-T tcp 127.0.0.1 100024 1 2", "-T bogus 127.0.0.1 100024", "-T bogus 127.0.0.1 abc x", "-T bogus 127.0.0.1",
        "-a 127.0.0.1.0.111 100000 2", "-a x -T bogus abc x", "-a garbage -T tcp abc x", "-a garbage -T tcp 100000 2",
        "-a 127.0.0.1.0.111 -T tcp6 100000 2", "-a ::1.0.111 -T udp 100000 2", "-a 127.0.0.1.0.111 -T tcp",
        "-t 127.0.0.1 nosuchprog", "-t 127.0.0.1 12ab", "-t 127.0.0.1 12a 1", "-t 127.0.0.1 12- 1", "-t 127.0.0.1 +5 1",
        "-t 127.0.0.1 5- 1", "-t 127.0.0.1 0x10 1", "-t 127.0.0.1 STATUS 1", "-t 127.0.0.1 100024 1x",
        "-t 127.0.0.1 100024 1.0", "-t 127.0.0.1 100024 0x1", "-t 127.0.0.1", "-u 127.0.0.1 1 2 3",
        "-s 127.0.0.1 x", "-s a b",
    };

    public static TheoryData<string> LiveQueries() => new()
    {
        "", "127.0.0.1", "::1", "localhost", "--", "-T tcp 127.0.0.1", "-T udp 127.0.0.1", "-T tcp6 ::1", "-T udp6 ::1",
        "-s", "-s 127.0.0.1", "-s ::1", "-s -T udp6 ::1", "-s -T tcp localhost",
        "-p", "-p 127.0.0.1", "-p ::1", "-p localhost", "127.0.0.1 -p", "-n 0 -p", "-n 65536 -p 127.0.0.1",
        "-l 127.0.0.1 100024 1", "-l 127.0.0.1 100024 7", "-l ::1 100024 1", "-l -T udp 127.0.0.1 100024 1",
        "-l localhost 100000 3", "-l -T tcp6 ::1 100000 2", "-l 127.0.0.1 portmapper 4", "-l -T udp6 ::1 status 1",
    };

    public static TheoryData<string> Pings() => new()
    {
        "-t 127.0.0.1 100024", "-u 127.0.0.1 100024", "-t 127.0.0.1 status 1", "-u 127.0.0.1 100024 2",
        "-t 127.0.0.1 100003", "-u 127.0.0.1 nfs 3", "-t ::1 100024", "-u ::1 100024 1", "-t 127.0.0.1 100000",
        "-u localhost portmapper", "-n 70000 -t 127.0.0.1 100024 1", "-n 1 -u 127.0.0.1 100024 1",
        "-t -- 127.0.0.1 100024 -1", "-T tcp -- 127.0.0.1 100024 -1", "-t 127.0.0.1 100024 4294967297",
        "-t 127.0.0.1 4294967396 1", "-u 127.0.0.1 100000 0",
        "-T tcp 127.0.0.1 100024", "-T udp6 ::1 100024", "-T local 127.0.0.1 100024", "-T local 127.0.0.1 100000 4",
        "-T local localhost 100000", "-T udp 127.0.0.1 100000 5", "-T tcp 127.0.0.1 100024 0",
        "-T tcp6 localhost 100024 1", "-T tcp ::1 100024", "-T rawip 127.0.0.1 100024", "-Ttcp 127.0.0.1 100024 1",
        "-T udp 127.0.0.1 100000",
        "-a 127.0.0.1.0.111 -T tcp 100000", "-a 127.0.0.1.0.111 -T udp 100000 2", "-a ::1.0.111 -T tcp6 100000 3",
        "-a ::1.0.111 -T udp6 100000", "-a 127.0.0.1.0.111 -T tcp 100024 1", "-a 127.0.0.1.0.111 -T udp 100000 7",
        "-a /run/rpcbind.sock -T local 100000", "-a 127.0.0.1.0.1 -T tcp 100000 2", "-a 127.0.0.1.0.1 -T udp 100000 2",
        "-a 127.0.0.1.0.1 -T udp 100000",

        // A closed port over udp6: libtirpc hears no ICMP error there and waits out the 10-second ping timeout.
        "-a ::1.0.1 -T udp6 100000 2",
    };

    public static TheoryData<string> UnknownHosts() => new()
    {
        "nosuchhost.invalid", "-p nosuchhost.invalid", "-t nosuchhost.invalid 100000", "-u nosuchhost.invalid 100000 2",
        "-s nosuchhost.invalid", "-m nosuchhost.invalid", "-l nosuchhost.invalid 100000 2", "-l nosuchhost.invalid abc x",
        "-T tcp nosuchhost.invalid 100024", "-T local 127.0.0.1", "-T tcp ::1", "-T tcp6 127.0.0.1", "-T rawip 127.0.0.1",
        "-- -p", "-", "-p -", "-l -T local x 100000 2", "-T udp6 127.0.0.1 100000 2",
    };

    [RpcbindTheory]
    [MemberData(nameof(ArgumentErrors))]
    public Task Argument_errors_match_the_C_rpcinfo(string args) => AssertSameAsync(args);

    [RpcbindTheory]
    [MemberData(nameof(LiveQueries))]
    public Task Dumps_and_lists_match_the_C_rpcinfo(string args) => AssertSameAsync(args);

    [RpcbindTheory]
    [MemberData(nameof(Pings))]
    public Task Pings_match_the_C_rpcinfo(string args) => AssertSameAsync(args);

    [RpcbindTheory]
    [MemberData(nameof(UnknownHosts))]
    public Task Unknown_hosts_and_transports_match_the_C_rpcinfo(string args) => AssertSameAsync(args);

    [RpcbindTheory]
    [InlineData("-t 127.0.0.1 ", "1")]
    [InlineData("-t 127.0.0.1 100024 ", "")]
    [InlineData("-t 127.0.0.1 100024 ", " 1")]
    [InlineData("-t 127.0.0.1 ", " 100024")]
    [InlineData("-T ", "")]
    public Task Empty_and_spaced_arguments_match_the_C_rpcinfo(string prefix, string last)
    {
        var args = Split(prefix).ToList();
        args.Add(last);
        return AssertSameAsync(args.ToArray());
    }

    internal static string[] Split(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static Task AssertSameAsync(string args) => AssertSameAsync(Split(args));

    private static async Task AssertSameAsync(string[] args)
    {
        Assert.True(RpcInfoRunner.CRpcInfoExists, RpcInfoRunner.CRpcInfo + " is not installed");
        RunResult c = await RpcInfoRunner.RunCAsync(args);
        RunResult ours = await RpcInfoRunner.RunOursAsync(args);
        Assert.Equal(c.ToString(), ours.ToString());
    }
}
