using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OncRpc.Testing;
using RpcInfo;
using Xunit;
using static RpcInfo.Tests.RawXdr;

namespace RpcInfo.Tests;

/// <summary>
/// Scripted servers that answer rpcinfo with what the C tool would choke on (endless lists, giant strings, huge
/// records, garbage, silence, absurd version ranges): ours prints a clean error and exits 1, quickly and without
/// allocating what the peer announces.
/// </summary>
public sealed class HostileServerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rpcinfo-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Builds the reply to a call from its xid.</summary>
    private delegate byte[] Script(uint xid);

    private static byte[] AcceptedHeader(uint xid, int acceptStat = 0)
    {
        var b = new byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(0), xid);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), 1); // REPLY
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), 0); // MSG_ACCEPTED
        // verifier AUTH_NONE, length 0
        BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(20), acceptStat);
        return b;
    }

    private static byte[] Record(byte[] body)
    {
        var b = new byte[body.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(b, 0x80000000u | (uint)body.Length);
        body.CopyTo(b, 4);
        return b;
    }

    /// <summary>A stream server that answers every call with the script's bytes (already framed), until the test ends.</summary>
    private static async Task ServeAsync(Socket listener, Script script, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket s;
            try
            {
                s = await listener.AcceptAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException || (ct.IsCancellationRequested && ex is SocketException or ObjectDisposedException))
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (s)
                {
                    var buffer = new byte[65536];
                    try
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            int n = await s.ReceiveAsync(buffer, ct);
                            if (n < 8)
                            {
                                return;
                            }

                            uint xid = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4));
                            byte[] reply = script(xid);
                            if (reply.Length > 0)
                            {
                                await s.SendAsync(reply, ct);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                    {
                    }
                }
            }, ct);
        }
    }

    /// <summary>
    /// Runs our rpcinfo against the scripted server on a Unix socket. The timeouts are 10 s, so that a loaded machine
    /// cannot turn a decode failure into a timeout; only the silent server waits them out.
    /// </summary>
    private Task<RunResult> RunAgainstLocalAsync(Script script, params string[] args) => RunAgainstLocalAsync(Patience, script, args);

    private async Task<RunResult> RunAgainstLocalAsync(TimeSpan timeout, Script script, params string[] args)
    {
        string path = Path.Combine(_dir, "rpcbind.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(8);
        using var cts = new CancellationTokenSource();
        Task server = ServeAsync(listener, script, cts.Token);
        var settings = new RpcInfoSettings { LocalSocketPath = path, QueryTimeout = timeout, PingTimeout = timeout };
        try
        {
            return await RpcInfoRunner.RunOursAsync(settings, args);
        }
        finally
        {
            await cts.CancelAsync();
            await server;
        }
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static void AssertCleanFailure(RunResult result, string expectedStderrStart, Stopwatch elapsed)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith(expectedStderrStart, result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("\n", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stderr.Length < 300, result.Stderr);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(20), $"took {elapsed.Elapsed}");
    }

    [Fact]
    public async Task Endless_dump_list_is_a_clean_error()
    {
        // 100000 entries of (prog, vers, "tcp", "x", "x") followed by more: past rpcinfo's list limit.
        byte[] entry = Words(1, 100000, 1, 3, 0x74637000, 1, 0x78000000, 1, 0x78000000);
        var sw = Stopwatch.StartNew();
        RunResult result = await RunAgainstLocalAsync(
            xid => Record(Concat(AcceptedHeader(xid), Enumerable.Range(0, 20000).SelectMany(_ => entry).ToArray(), Words(0))),
            "-s");
        AssertCleanFailure(result, "rpcinfo: can't contact rpcbind: : RPC: ", sw);
    }

    [Fact]
    public async Task Giant_string_is_refused_before_allocating()
    {
        var sw = Stopwatch.StartNew();
        long before = GC.GetTotalAllocatedBytes(precise: false);
        RunResult result = await RunAgainstLocalAsync(
            xid => Record(Concat(AcceptedHeader(xid), Words(1, 100000, 4, 0x7FFFFFF0))));
        AssertCleanFailure(result, "rpcinfo: can't contact rpcbind: : RPC: Can't decode result", sw);
        Assert.True(GC.GetTotalAllocatedBytes(precise: false) - before < 256L * 1024 * 1024, "allocated what the peer announced");
    }

    [Fact]
    public async Task Huge_record_mark_is_a_clean_error()
    {
        var sw = Stopwatch.StartNew();
        RunResult result = await RunAgainstLocalAsync(xid => Concat(Words(0xFFFFFFF0u), AcceptedHeader(xid)), "-p");
        AssertCleanFailure(result, "rpcinfo: can't contact portmapper: RPC: ", sw);
    }

    [Fact]
    public async Task Garbage_reply_is_a_clean_error()
    {
        var sw = Stopwatch.StartNew();
        RunResult result = await RunAgainstLocalAsync(xid => Record(Concat(Words(xid), Words(1, 7, 7, 7, 7, 7))), "-m");
        AssertCleanFailure(result, "rpcinfo: can't contact rpcbind: : RPC: ", sw);
    }

    [Fact]
    public async Task Silent_server_times_out()
    {
        var sw = Stopwatch.StartNew();
        RunResult result = await RunAgainstLocalAsync(TimeSpan.FromSeconds(2), _ => Array.Empty<byte>(), "-s");
        AssertCleanFailure(result, "rpcinfo: can't contact rpcbind: : RPC: Timed out", sw);
    }

    [Fact]
    public async Task Absurd_version_range_is_refused_instead_of_pinging_four_billion_versions()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var cts = new CancellationTokenSource();
        Task server = ServeAsync(listener, xid => Record(Concat(AcceptedHeader(xid, 2), Words(0, uint.MaxValue))), cts.Token);
        var sw = Stopwatch.StartNew();
        RunResult result;
        try
        {
            result = await RpcInfoRunner.RunOursAsync(
                new RpcInfoSettings { PingTimeout = Patience },
                "-a", $"127.0.0.1.{port >> 8}.{port & 0xff}", "-T", "tcp", "400000");
        }
        finally
        {
            await cts.CancelAsync();
            await server;
        }

        AssertCleanFailure(result, "rpcinfo: program 400000 reports versions 0 to 4294967295", sw);
    }
}
