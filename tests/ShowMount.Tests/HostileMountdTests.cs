using System.Diagnostics;
using OncRpc.Testing;
using ShowMount.Tests.Support;
using Xunit;

namespace ShowMount.Tests;

/// <summary>
/// showmount against a scripted, hostile mount daemon registered in the system rpcbind. Where the C tool copes, the
/// two must print the same bytes (replies that do not decode, strings over their bounds, version fallback); where
/// the C tool has no bound (lists of any length, records of any size, a silent daemon for 20 s), ours stops at its
/// own bound with libtirpc's wording, exit 1, in bounded time.
/// </summary>
[Collection(SystemRpcbindCollection.Name)]
public sealed class HostileMountdTests
{
    /// <summary>For the silent daemon: a short call timeout keeps the test quick.</summary>
    private static readonly ShowMountSettings Quick = new() { CallTimeout = TimeSpan.FromSeconds(1), LookupTimeout = TimeSpan.FromSeconds(5) };

    /// <summary>For outcomes that are not timeouts: room for a loaded machine, so a slow run cannot turn them into one.</summary>
    private static readonly ShowMountSettings Patient = new() { CallTimeout = TimeSpan.FromSeconds(20), LookupTimeout = TimeSpan.FromSeconds(20) };

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>One export whose directory is <paramref name="directory"/>, open to everyone.</summary>
    private static byte[] OneExport(string directory) => Concat(Reply.Words(1), Reply.XdrString(directory), Reply.Words(0, 0));

    public static TheoryData<string, string> DecodeFailures() => new()
    {
        // name, args
        { "directory-over-1024", "-e" },
        { "group-over-255", "-e" },
        { "truncated", "-e" },
        { "bad-boolean", "-e" },
        { "host-over-255", "-a" },
        { "truncated", "-d" },
    };

    private static byte[] Body(string name) => name switch
    {
        "directory-over-1024" => OneExport("/" + new string('x', 1500)),
        "group-over-255" => Concat(Reply.Words(1), Reply.XdrString("/srv"), Reply.Words(1), Reply.XdrString(new string('g', 300)), Reply.Words(0, 0)),
        "truncated" => Reply.Words(1, 8),
        "bad-boolean" => Concat(Reply.Words(7), Reply.XdrString("/srv"), Reply.Words(0, 0)),
        "host-over-255" => Concat(Reply.Words(1), Reply.XdrString(new string('h', 256)), Reply.XdrString("/srv"), Reply.Words(0)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [RpcbindTheory]
    [MemberData(nameof(DecodeFailures))]
    public async Task Replies_that_do_not_decode_match_the_C_showmount(string name, string option)
    {
        byte[] body = Body(name);
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => Reply.Success(body));
        await ShowMountRunner.AssertSameAsync(option, "127.0.0.1");
    }

    [RpcbindFact]
    public async Task Version_3_and_2_refused_then_version_1_answers_as_in_the_C_showmount()
    {
        byte[] body = OneExport("/srv/v1");
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((v, _) => v == 1 ? Reply.Success(body) : Reply.ProgramMismatch(1, 1));
        await ShowMountRunner.AssertSameAsync("-e", "127.0.0.1");
        Assert.Contains((1u, 5u), mountd.Calls);
        Assert.Contains((2u, 5u), mountd.Calls);
    }

    [RpcbindTheory]
    [InlineData(1u, "-e")]
    [InlineData(3u, "-e")]
    [InlineData(4u, "-a")]
    [InlineData(5u, "-d")]
    public async Task Error_statuses_match_the_C_showmount(uint status, string option)
    {
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => Reply.Accepted(status));
        await ShowMountRunner.AssertSameAsync(option, "127.0.0.1");
    }

    [RpcbindFact]
    public async Task An_authentication_error_matches_the_C_showmount()
    {
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => Reply.AuthError(2));
        await ShowMountRunner.AssertSameAsync("-e", "127.0.0.1");
    }

    [RpcbindFact]
    public async Task Every_version_refused_matches_the_C_showmount()
    {
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => Reply.ProgramMismatch(4, 4));
        await ShowMountRunner.AssertSameAsync("-e", "127.0.0.1");
        await ShowMountRunner.AssertSameAsync("-d", "127.0.0.1");
    }

    [RpcbindTheory]
    [InlineData("-e")]
    [InlineData("-a")]
    public async Task A_registered_mountd_that_is_gone_matches_the_C_showmount(string option)
    {
        // Registered over tcp and udp at a port where nothing listens: the TCP connect is refused, the UDP call
        // gets ICMP port unreachable.
        int port;
        using (var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            port = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var endPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port);
        Assert.True(await OncRpc.Portmapper.RpcbindRegistration.RegisterAsync(ScriptedMountd.MountProgram, 3, OncRpc.RpcTransportKind.Tcp, endPoint));
        try
        {
            Assert.True(await OncRpc.Portmapper.RpcbindRegistration.RegisterAsync(ScriptedMountd.MountProgram, 3, OncRpc.RpcTransportKind.Udp, endPoint));
            await ShowMountRunner.AssertSameAsync(option, "127.0.0.1");
        }
        finally
        {
            await OncRpc.Portmapper.RpcbindRegistration.UnregisterAsync(ScriptedMountd.MountProgram, 3);
        }
    }

    [RpcbindFact]
    public async Task A_list_longer_than_the_bound_is_refused_cleanly()
    {
        // 100,000 exports: the C tool would print them all (it bounds nothing); ours stops at 65,536 entries.
        var entries = new List<byte[]>();
        for (int i = 0; i < 100_000; i++)
        {
            entries.Add(Reply.Words(1, 4, 0x2f65_0000u + (uint)(i % 26 + 'a') * 0x100, 0));
        }

        entries.Add(Reply.Words(0));
        byte[] body = Concat([.. entries]);
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => Reply.Success(body));
        RunResult ours = await ShowMountRunner.RunOursAsync(Patient, "-e", "127.0.0.1");
        Assert.Equal(new RunResult("", "rpc mount export: RPC: Can't decode result\n", 1).ToString(), ours.ToString());
    }

    [RpcbindFact]
    public async Task A_silent_mountd_times_out_with_libtirpc_wording()
    {
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => Reply.Silence);
        var watch = Stopwatch.StartNew();
        RunResult ours = await ShowMountRunner.RunOursAsync(Quick, "-e", "127.0.0.1");
        Assert.Equal(new RunResult("", "rpc mount export: RPC: Timed out\n", 1).ToString(), ours.ToString());
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    [RpcbindFact]
    public async Task A_record_announcing_2_GiB_is_refused_before_it_is_buffered()
    {
        await using ScriptedMountd mountd = await ScriptedMountd.StartAsync((_, _) => Reply.HugeRecord(0x7fff_ffff, 1024 * 1024));
        long before = GC.GetTotalAllocatedBytes(precise: true);
        RunResult ours = await ShowMountRunner.RunOursAsync(Patient, "-a", "127.0.0.1");
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(1, ours.ExitCode);
        Assert.Equal("", ours.Stdout);
        Assert.StartsWith("rpc mount dump: RPC: ", ours.Stderr, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 64L * 1024 * 1024);
    }
}
