using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OncRpc.Portmapper;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Fuzz.Targets;

/// <summary>
/// The server's dispatch of a raw record, through its sockets as a peer reaches it: an in-process
/// <see cref="RpcbindService"/> (portmapper v2, rpcbind v3/v4) plus a test program with synchronous and asynchronous
/// handlers, on loopback. Layout: [transport][message]; bit 0 of the first byte sends the message as one UDP datagram,
/// otherwise as one record on a TCP connection. A NULL call sent after it marks when the server is done with it;
/// any server event carrying an exception that is not a documented rejection is a finding.
/// </summary>
internal sealed class ServerDispatchTarget : FuzzTarget
{
    private const uint TestProgram = 0x2000_0F22;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<RpcServerEvent> _failures = new();
    private readonly byte[] _receive = new byte[70_000];
    private RpcbindService? _service;
    private IPEndPoint? _endPoint;
    private Socket? _udp;
    private Socket? _tcp;
    private uint _sentinel = 0x5e00_0000;

    public override string Name => "server-dispatch";

    public override string Description => "RpcServer dispatch of one UDP datagram or TCP record: rpcbind service procedures and sync/async handlers";

    public override bool MeasuresAllThreads => true;

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length == 0)
        {
            return;
        }

        Start();
        bool udp = (input[0] & 1) != 0;
        ReadOnlySpan<byte> message = input.Slice(1);
        uint sentinel = ++_sentinel;
        if (udp)
        {
            // A datagram holds at most 65,507 bytes; the rest of a longer input is what the network would drop.
            _udp!.Send(message.Slice(0, Math.Min(message.Length, 65_507)));
            _udp.Send(NullCall(sentinel));
            Await(_udp, sentinel, stream: false);
        }
        else
        {
            Socket tcp = _tcp ??= Connect();
            byte[] framed = new byte[4 + message.Length + 4 + 40];
            BinaryPrimitives.WriteUInt32BigEndian(framed, 0x8000_0000u | (uint)message.Length);
            message.CopyTo(framed.AsSpan(4));
            BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(4 + message.Length), 0x8000_0000u | 40);
            NullCall(sentinel).CopyTo(framed.AsSpan(8 + message.Length));
            try
            {
                tcp.Send(framed);
                if (!Await(tcp, sentinel, stream: true))
                {
                    Reconnect();
                }
            }
            catch (SocketException)
            {
                // The server closed the connection (a refused record): a clean refusal. Start afresh.
                Reconnect();
            }
        }

        Tidy();
        if (_failures.TryDequeue(out RpcServerEvent failure))
        {
            _failures.Clear();
            throw new FuzzFindingException($"server event {failure.Kind} carries {failure.Exception}");
        }
    }

    private void Start()
    {
        if (_service is not null)
        {
            return;
        }

        var options = new RpcbindServiceOptions
        {
            Port = 0,
            Addresses = [IPAddress.Loopback],
            ServerOptions = new RpcServerOptions
            {
                OnEvent = e =>
                {
                    if (e.Exception is { } ex && !IsExpected(ex) && ex is not (OperationCanceledException or SocketException))
                    {
                        _failures.Enqueue(e);
                    }
                },
            },
        };
        _service = RpcbindService.StartAsync(options).GetAwaiter().GetResult();
        RpcServer server = _service.Server;
        server.AddProcedure(TestProgram, 1, 1, XdrCodec.String, XdrCodec.String, (s, call) => s);
        server.AddProcedure(TestProgram, 1, 2, XdrCodec.Array(XdrCodec.UInt32, 1000), XdrCodec.UInt32, (a, call) => (uint)a.Length);
        server.AddProcedure(TestProgram, 1, 3, RpcbindMapping.ListCodec, XdrCodec.Int32,
            (list, call, cancel) => ValueTask.FromResult(list.Count));
        server.AddProcedure(TestProgram, 2, 1, XdrCodec.Opaque, XdrCodec.Opaque,
            async (bytes, call, cancel) => { await Task.Yield(); return bytes; });
        _endPoint = (IPEndPoint)_service.EndPoints.First(e => e.Transport == RpcTransportKind.Udp).EndPoint;
        _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)Deadline.TotalMilliseconds };
        _udp.Connect(_endPoint);
    }

    private Socket Connect()
    {
        var tcpEndPoint = (IPEndPoint)_service!.EndPoints.First(e => e.Transport == RpcTransportKind.Tcp).EndPoint;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)Deadline.TotalMilliseconds, NoDelay = true };
        socket.Connect(tcpEndPoint);
        return socket;
    }

    private void Reconnect()
    {
        _tcp?.Dispose();
        _tcp = null;
    }

    /// <summary>Reads replies until the sentinel's; false when the server closed the connection instead.</summary>
    private bool Await(Socket socket, uint sentinel, bool stream)
    {
        DateTime deadline = DateTime.UtcNow + Deadline;
        int buffered = 0;
        while (DateTime.UtcNow < deadline)
        {
            int n = socket.Receive(_receive.AsSpan(buffered));
            if (n == 0)
            {
                return false;
            }

            if (!stream)
            {
                if (n >= 4 && BinaryPrimitives.ReadUInt32BigEndian(_receive) == sentinel)
                {
                    return true;
                }

                continue;
            }

            // Replies come in order on a connection: skip whole records until the sentinel's.
            buffered += n;
            int offset = 0;
            while (buffered - offset >= 8)
            {
                int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(offset)) & 0x7fff_ffff);
                if (buffered - offset < 4 + length)
                {
                    break;
                }

                if (length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(offset + 4)) == sentinel)
                {
                    return true;
                }

                offset += 4 + length;
            }

            _receive.AsSpan(offset, buffered - offset).CopyTo(_receive);
            buffered -= offset;
        }

        throw new FuzzFindingException($"the server did not answer the NULL call after the input within {Deadline.TotalSeconds} s");
    }

    /// <summary>Keeps the service's table small: registrations made by SET calls of earlier inputs are withdrawn.</summary>
    private void Tidy()
    {
        IReadOnlyList<RpcbindMapping> mappings = _service!.GetMappings();
        if (mappings.Count > 32)
        {
            foreach (RpcbindMapping m in mappings.Where(m => m.Program != PortmapperProgram.Number))
            {
                _service.Unregister(m.Program, m.Version, m.NetId);
            }
        }
    }

    private static byte[] NullCall(uint xid)
    {
        var call = new byte[40];
        BinaryPrimitives.WriteUInt32BigEndian(call, xid);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(12), PortmapperProgram.Number);
        BinaryPrimitives.WriteUInt32BigEndian(call.AsSpan(16), PortmapperProgram.Version4);
        return call;
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        foreach (RecordedExchange e in sources.Exchanges)
        {
            yield return [(byte)(e.Transport == "udp" ? 1 : 0), .. e.Request];
        }

        // The test program: an echo, an array, a list (async) and an opaque (async, version 2).
        yield return [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0x20, 0, 0x0f, 0x22, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x68, 0x69, 0, 0];
        yield return [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0x20, 0, 0x0f, 0x22, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 9];
        yield return [1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 2, 0x20, 0, 0x0f, 0x22, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        yield return [0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0x20, 0, 0x0f, 0x22, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 0];
    }
}
