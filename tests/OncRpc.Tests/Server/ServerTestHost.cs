using System.Net;
using System.Net.Sockets;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Tests.Server;

/// <summary>A server with a small test program, and helpers to talk to it over each transport.</summary>
internal sealed class ServerTestHost : IAsyncDisposable
{
    public const uint Program = 0x2000_0101;
    public const uint AddProcedure = 1;
    public const uint EchoProcedure = 2;
    public const uint ThrowProcedure = 3;
    public const uint SlowProcedure = 4;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oncrpc-server-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Dictionary<string, Socket> _udp = [];

    private ServerTestHost(RpcServer server)
    {
        Server = server;
    }

    public RpcServer Server { get; }

    public EndPoint Tcp { get; private set; } = null!;

    public EndPoint Udp { get; private set; } = null!;

    public EndPoint Unix { get; private set; } = null!;

    public EndPoint Tcp6 { get; private set; } = null!;

    public EndPoint Udp6 { get; private set; } = null!;

    /// <summary>Handlers of the slow procedure wait on these, in call order.</summary>
    public List<TaskCompletionSource<int>> SlowCalls { get; } = [];

    public static IXdrCodec<int[]> Pair { get; } = XdrCodec.FixedArray(XdrCodec.Int32, 2);

    public static async Task<ServerTestHost> StartAsync(RpcServerOptions? options = null, bool ipv6 = false)
    {
        var host = new ServerTestHost(new RpcServer(options));
        host.Register();
        host.Tcp = await host.Server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        host.Udp = await host.Server.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        Directory.CreateDirectory(host._directory);
        host.Unix = await host.Server.ListenUnixAsync(new UnixDomainSocketEndPoint(Path.Combine(host._directory, "s")));
        if (ipv6 && Socket.OSSupportsIPv6)
        {
            host.Tcp6 = await host.Server.ListenTcpAsync(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            host.Udp6 = await host.Server.ListenUdpAsync(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        }

        return host;
    }

    public EndPoint EndPointFor(string transport) => transport switch
    {
        "tcp" => Tcp,
        "udp" => Udp,
        "unix" => Unix,
        "tcp6" => Tcp6,
        "udp6" => Udp6,
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    /// <summary>Sends one message and returns the reply, over a fresh connection (stream) or a shared socket (UDP).</summary>
    public async Task<byte[]?> ExchangeAsync(string transport, byte[] message)
    {
        EndPoint endPoint = EndPointFor(transport);
        if (transport.StartsWith("udp", StringComparison.Ordinal))
        {
            if (!_udp.TryGetValue(transport, out Socket? udp))
            {
                udp = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Connect(endPoint);
                _udp[transport] = udp;
            }

            return await RawRpc.UdpExchangeAsync(udp, message);
        }

        using Socket socket = await RawRpc.ConnectAsync(endPoint);
        await RawRpc.SendRecordAsync(socket, message);
        return await RawRpc.ReceiveRecordAsync(socket);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (Socket s in _udp.Values)
        {
            s.Dispose();
        }

        foreach (TaskCompletionSource<int> slow in SlowCalls.ToArray())
        {
            slow.TrySetResult(0);
        }

        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Register()
    {
        foreach (uint version in new uint[] { 2, 4 })
        {
            Server.AddProcedure(Program, version, AddProcedure, Pair, XdrCodec.Int32, (int[] p, RpcCallContext _) => p[0] + p[1]);
            Server.AddProcedure(Program, version, EchoProcedure, XdrCodec.BoundedString(1000), XdrCodec.String, async (string s, RpcCallContext c, CancellationToken ct) =>
            {
                await Task.Yield();
                return $"{s}/{c.Version}/{c.Transport}";
            });
            Server.AddProcedure<XdrVoid, XdrVoid>(Program, version, ThrowProcedure, XdrCodec.Void, XdrCodec.Void, (_, _) => throw new InvalidOperationException("boom"));
            Server.AddProcedure(Program, version, SlowProcedure, XdrCodec.Int32, XdrCodec.Int32, async (int n, RpcCallContext c, CancellationToken ct) =>
            {
                var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (SlowCalls)
                {
                    SlowCalls.Add(tcs);
                    Monitor.PulseAll(SlowCalls);
                }

                using (ct.Register(() => tcs.TrySetCanceled(ct)))
                {
                    return n + await tcs.Task;
                }
            });
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> slow handlers have started.</summary>
    public TaskCompletionSource<int>[] WaitForSlowCalls(int count)
    {
        var deadline = DateTime.UtcNow + RawRpc.Patience;
        lock (SlowCalls)
        {
            while (SlowCalls.Count < count)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(SlowCalls, left))
                {
                    throw new TimeoutException($"Only {SlowCalls.Count} of {count} slow calls started.");
                }
            }

            return [.. SlowCalls];
        }
    }
}
