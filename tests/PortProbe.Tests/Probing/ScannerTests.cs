using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PortProbe.Probing;
using PortProbe.Reporting;
using PortProbe.Targets;
using PortProbe.Tests.Support;
using Xunit;

namespace PortProbe.Tests.Probing;

public sealed class ScannerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task No_more_hosts_than_the_concurrency_limit_are_in_flight_and_order_is_kept()
    {
        const int hosts = 20;
        const int limit = 3;
        using Socket closed = LoopbackPorts.Closed(out int port);
        var inspector = new GatedInspector();
        ProbeTarget[] targets = TargetExpander.Enumerate(IPAddress.Parse("127.0.0.0"), 27).Take(hosts)
            .Select(a => new ProbeTarget(a.ToString(), a, null)).ToArray();

        Task<HostReport[]> scan = Scanner.ScanAsync(targets, new HostProber(inspector, port, Patience, udp: true), limit, null, CancellationToken.None);

        await inspector.DriveAsync(hosts, limit);
        HostReport[] reports = await scan.WaitAsync(Patience);

        Assert.Equal(limit, inspector.MaxInFlight);
        Assert.Equal(targets.Select(t => t.Address), reports.Select(r => r.Address));
        Assert.All(reports, r => Assert.Equal(TcpState.Closed, r.Tcp!.State));
    }

    [Fact]
    public async Task Concurrency_option_reaches_the_scanner()
    {
        using Socket closed = LoopbackPorts.Closed(out int port);
        var inspector = new GatedInspector();
        var console = new ConsoleCapture();

        Task<int> run = ProbeApp.RunAsync(["127.0.0.0/28", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "2", "--json"],
            console.Console, inspector, CancellationToken.None);
        await inspector.DriveAsync(16, 2);

        Assert.Equal(0, await run.WaitAsync(Patience));
        Assert.Equal(2, inspector.MaxInFlight);
    }

    /// <summary>Holds every UDP inspection until the test releases it, counting how many are in flight.</summary>
    private sealed class GatedInspector : IRpcbindInspector
    {
        private int _inFlight;
        private int _max;

        public SemaphoreSlim Gate { get; } = new(0);

        public Channel<int> Arrivals { get; } = Channel.CreateUnbounded<int>();

        public int MaxInFlight => Volatile.Read(ref _max);

        /// <summary>Lets the first <paramref name="limit"/> hosts enter, then releases one host per new arrival.</summary>
        public async Task DriveAsync(int hosts, int limit)
        {
            for (int i = 0; i < limit; i++)
            {
                await Arrivals.Reader.ReadAsync().AsTask().WaitAsync(Patience);
            }

            for (int i = limit; i < hosts; i++)
            {
                Gate.Release();
                await Arrivals.Reader.ReadAsync().AsTask().WaitAsync(Patience);
            }

            Gate.Release(limit);
        }

        public async Task<UdpInspection> InspectUdpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
        {
            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            Arrivals.Writer.TryWrite(now);
            try
            {
                await Gate.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            return new UdpInspection(UdpState.NoAnswer, [], null, "no answer");
        }

        public async Task<TcpInspection> InspectTcpAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
            new(await TcpProbe.CheckAsync(endPoint, timeout, cancellationToken), null, null);

        public string? ProgramName(uint program) => null;
    }
}
