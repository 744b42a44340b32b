using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Portmapper.Tests.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Daemon;

/// <summary>
/// The unread-replies attack of #16 against the sample daemon as a process: its memory comes back near where it
/// started once the attackers leave, and a legitimate call is answered while the attack is held open.
/// </summary>
public sealed class DaemonMemoryTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public async Task Memory_returns_near_its_baseline_after_peers_that_read_no_replies_leave()
    {
        using var daemon = Daemon.Start("--trim-interval", "0.5", "--verbose");
        IPEndPoint tcp = await daemon.TcpEndPointAsync();

        // Warm up (JIT, pools, the first connections) with GETSTAT calls whose replies are read, then take the baseline.
        byte[] getStat = ServiceTestHelpers.Call(1, 4, 12, XdrCodec.Void, default);
        for (int i = 0; i < 50; i++)
        {
            await ServiceTestHelpers.ExchangeAsync(tcp, udp: false, getStat);
        }

        long baseline = daemon.ResidentBytes();

        // 20 connections each write 5,000 GETSTAT calls and read nothing: about 110 MiB of allocations in the daemon.
        var framed = new ArrayBufferWriter<byte>();
        for (int i = 0; i < 5000; i++)
        {
            RecordMarking.WriteRecord(framed, getStat);
        }

        var attackers = new List<Socket>();
        try
        {
            for (int i = 0; i < 20; i++)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                attackers.Add(s);
                await s.ConnectAsync(tcp);
            }

            await Task.WhenAll(attackers.Select(async s =>
            {
                // The daemon stops reading a connection whose replies pile up: a send that blocks for 10 s is given up.
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await s.SendAsync(framed.WrittenMemory, SocketFlags.None, cts.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }));

            byte[] nullCall = ServiceTestHelpers.Call(2, 2, 0, XdrCodec.Void, default);
            ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(tcp, udp: false, nullCall), XdrCodec.Void);
            ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(tcp, udp: true, nullCall), XdrCodec.Void);
        }
        finally
        {
            attackers.ForEach(s => s.Dispose());
        }

        // With the attackers gone the daemon is quiet, and its trimmer gives the collector's spare memory back. The
        // memory is read again at each trim the daemon reports (--verbose), for at most 30 s.
        long bound = baseline + (24 * MiB);
        long now = daemon.ResidentBytes();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (now > bound)
            {
                await daemon.Trims.WaitAsync(deadline.Token);
                now = daemon.ResidentBytes();
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(now <= bound, $"resident memory {now / MiB} MiB, baseline {baseline / MiB} MiB, 30 s after the attack");
    }

    /// <summary>rpcbindd as a child process on loopback, on free ports; killed when disposed.</summary>
    private sealed class Daemon : IDisposable
    {
        private readonly Process _process;

        private Daemon(Process process) => _process = process;

        /// <summary>Released once for each "memory trimmed" line the daemon writes to stderr.</summary>
        public SemaphoreSlim Trims { get; } = new(0);

        public static Daemon Start(params string[] extra)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "rpcbindd.dll");
            string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
            var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in (string[])[dll, "--port", "0", "--address", "127.0.0.1", .. extra])
            {
                start.ArgumentList.Add(a);
            }

            return new Daemon(Process.Start(start)!);
        }

        public async Task<IPEndPoint> TcpEndPointAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await _process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.StartsWith("listening Tcp ", StringComparison.Ordinal))
                {
                    _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = WatchErrorsAsync();
                    return IPEndPoint.Parse(line["listening Tcp ".Length..]);
                }
            }

            throw new InvalidOperationException("rpcbindd exited before listening: " + await _process.StandardError.ReadToEndAsync(cts.Token));
        }

        /// <summary>VmRSS of the daemon, from /proc.</summary>
        public long ResidentBytes()
        {
            foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }

            throw new InvalidOperationException("no VmRSS line");
        }

        private async Task WatchErrorsAsync()
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                if (line == "memory trimmed")
                {
                    Trims.Release();
                }
            }
        }

        public void Dispose()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }
    }
}
