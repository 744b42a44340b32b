using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OncRpc;
using OncRpc.Messages;
using OncRpc.Portmapper;
using OncRpc.Xdr;
using static RpcInfo.Tests.RawXdr;

namespace RpcInfo.Tests;

/// <summary>What a responder knows when it answers one broadcast request, and how the tools print an answer.</summary>
internal sealed record AnswerContext(uint Xid, IPAddress Self, string Host)
{
    /// <summary>The universal address of the responder's own address with a port.</summary>
    public string Uaddr(int port) => FormattableString.Invariant($"{Self}.{port >> 8}.{port & 0xff}");

    /// <summary>The line rpcinfo prints for an answer naming the responder's address and that port.</summary>
    public string Line(int port) => Uaddr(port) + "\t" + Host + "\n";
}

/// <summary>
/// One datagram a responder sends, with the line rpcinfo prints for it (null: ignored). A datagram shorter than
/// an xid or with an xid that answers neither call ends the round of listening in libtirpc (the tool sends
/// again and listens twice as long), which the scripts use to make every round end at once, without waiting.
/// </summary>
internal sealed record Answer(byte[] Datagram, string? Prints = null, bool EndsRound = false);

/// <summary>
/// A scripted way of answering the broadcast of one program number: the datagrams sent back for the rpcbind
/// (version 3) call and for the portmapper (version 2) call, or an endless stream for the first. Scenarios that
/// are safe for the C rpcinfo are compared with it; the others (an address longer than its 1024-byte stack
/// buffer, a flood it never stops reading) are checked against our documented behaviour only.
/// </summary>
internal sealed record BroadcastScenario(
    string Name,
    uint Program,
    bool SafeForC,
    Func<AnswerContext, Answer[]> Rpcbind,
    Func<AnswerContext, Answer[]> Portmapper,
    Func<AnswerContext, byte[]>? Flood = null)
{
    public override string ToString() => Name;

    /// <summary>
    /// What rpcinfo prints: two rounds (libtirpc waits 4 then 8 seconds), each ended by a round-ending datagram.
    /// The first round reads the answers to the first rpcbind call; the second finds the answers to the first
    /// portmapper call already queued. The answers to the second round's calls are never read.
    /// </summary>
    public string ExpectedStdout(AnswerContext context)
    {
        return Printed(Rpcbind(context)) + Printed(Portmapper(context));

        static string Printed(Answer[] answers)
        {
            int end = Array.FindIndex(answers, a => a.EndsRound);
            if (end < 0)
            {
                throw new InvalidOperationException("every scripted answer list must end the round");
            }

            return string.Concat(answers.Take(end).Select(a => a.Prints ?? string.Empty));
        }
    }
}

/// <summary>The hostile scripts, by program number, and the little XDR they are written in.</summary>
internal static class BroadcastScenarios
{
    private const uint Reply = 1;
    private const uint Accepted = 0;
    private const uint Denied = 1;

    public static readonly BroadcastScenario[] All =
    [
        new("well-behaved", 0x3a5c0001, true,
            c => [Good(c, 0x0801), End],
            c => [GoodPort(c, 2049), End]),

        new("truncated and malformed", 0x3a5c0002, true,
            c =>
            [
                new(Words(c.Xid)),
                new(Words(c.Xid, Reply)),
                new(Words(c.Xid, Reply, Accepted, 0, 8, 0)),
                new(Words(c.Xid, Reply, Accepted, 0, 0, 0)),
                new(Words(c.Xid, Reply, Accepted, 0, 0, 0, 13)),
                new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0, 13), Encoding.ASCII.GetBytes("10.77."))),
                new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0), Str(c.Uaddr(0x0801)))),
                new(Concat(Words(c.Xid, 0, Accepted, 0, 0, 0), Str(c.Uaddr(0x0801)), Words(0))),
                new(Concat(Words(c.Xid, Reply, 7, 0, 0, 0), Str(c.Uaddr(0x0801)), Words(0))),
                new(Concat(Words(c.Xid, Reply, Accepted, 0x12345, 401), new byte[404], Words(0), Str(c.Uaddr(0x0801)), Words(0))),
                new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0, 0xfffffff0), new byte[64])),
                new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0, 0x80000000), new byte[64])),
                new(Concat(Words(c.Xid, Reply, Accepted, 0x12345, 400), new byte[400], Words(0), Str(c.Uaddr(0x0802)), Words(0)), c.Line(0x0802)),
                new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0), Str(c.Uaddr(0x0803)), Words(1000)), c.Line(0x0803)),
                Good(c, 0x0801),
                End,
            ],
            c =>
            [
                new(Words(c.Xid, Reply, Accepted, 0, 0, 0, 2049)),
                new(Words(c.Xid, Reply, Accepted, 0, 0, 0)),
                new(Words(c.Xid, Reply, Accepted, 0, 0)),
                GoodPort(c, 2049),
                End,
            ]),

        new("wrong and crossed xids", 0x3a5c0003, true,
            c =>
            [
                Good(c, 0x0801),

                // The rpcbind answer under the portmapper call's xid: read as a port (the string's length).
                new(Concat(Words(c.Xid + 1, Reply, Accepted, 0, 0, 0), Str(c.Uaddr(0x0801)), Words(0)), c.Line(c.Uaddr(0x0801).Length)),
                new(Concat(Words(c.Xid ^ 0xffff0000, Reply, Accepted, 0, 0, 0), Str(c.Uaddr(0x0804)), Words(0)), EndsRound: true),
            ],
            c =>
            [
                // The portmapper answer under the rpcbind call's xid: a 5-byte string that is not there.
                new(Words(c.Xid - 1, Reply, Accepted, 0, 0, 0, 5, 0)),
                GoodPort(c, 2049),
                new(Words(c.Xid ^ 0x00ff0000, Reply, Accepted, 0, 0, 0, 2050, 0), EndsRound: true),
            ]),

        new("denied and error replies", 0x3a5c0004, true,
            c => [.. Errors(c), Good(c, 0x0801), End],
            c => [.. Errors(c), GoodPort(c, 2049), End]),

        new("garbage universal addresses", 0x3a5c0005, true,
            c =>
            [
                Address(c, string.Empty),
                Address(c, "garbage"),
                Address(c, new string('x', 1023)),
                Address(c, c.Self + ".8"),
                Address(c, "0" + c.Uaddr(0x0801)),
                Address(c, c.Uaddr(0x0801) + "xyz", c.Line(0x0801)),
                Address(c, "::1.8.2", c.Line(0)),
                Address(c, c.Uaddr(0x0803) + "\0junk.9.9", c.Line(0x0803)),
                Address(c, c.Self + ".-1.-1", c.Line(0xffff)),
                Address(c, c.Self + ".99999999999999999999.1", c.Line(0xff01)),
                Address(c, c.Self + ".1.300", c.Line((1 << 8) | 300)),
                AddressBytes(c, Concat(Encoding.ASCII.GetBytes(c.Uaddr(0x0804)), [0xff, 0xfe]), c.Line(0x0804)),
                Address(c, c.Uaddr(0x0805).PadRight(1023), c.Line(0x0805)),
                End,
            ],
            c => [GoodPort(c, 0x12345678), GoodPort(c, 0), End]),

        new("oversized datagrams", 0x3a5c0006, true,
            c =>
            [
                new(Pad(Good(c, 0x0801).Datagram, 20000), c.Line(0x0801)),
                new(Pad(Words(c.Xid), 65000, 0xff)),
                new(Pad(Good(c, 0x0802).Datagram, 8800), c.Line(0x0802)),
                new(Pad(Good(c, 0x0803).Datagram, 8801), c.Line(0x0803)),
                End,
            ],
            c => [new(Pad(GoodPort(c, 2049).Datagram, 30000), c.Line(2049)), End]),

        // The C rpcinfo decodes an address into a 1024-byte buffer on its stack whatever the length the answer
        // announces (up to 9000): past 1023 bytes it writes out of bounds (run by hand, it died of SIGSEGV or a
        // stack-smashing abort before printing anything). Ours ignores such an answer and prints the good one.
        new("addresses longer than the C buffer", 0x3a5c0007, false,
            c =>
            [
                Address(c, c.Uaddr(0x0801).PadRight(1024)),
                Address(c, c.Uaddr(0x0801).PadRight(8000)),
                new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0, 5000), new byte[100])),
                new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0, 9000), new byte[100])),
                Good(c, 0x0802),
                End,
            ],
            c => [GoodPort(c, 2049), End]),

        // The C rpcinfo listens afresh after every answer it reads (valid or not), so a stream of them keeps it
        // going for ever (run by hand, both floods still had it listening when killed after 6 s of a 12 s broadcast).
        new("flood of valid answers", 0x3a5c0008, false, c => [End], c => [End], c => Good(c, 0x0801).Datagram),
        new("flood of oversized garbage", 0x3a5c0009, false, c => [End], c => [End], c => Pad(Words(c.Xid, Reply, Accepted, 0, 0, 9), 60000, 0xee)),
    ];

    /// <summary>A datagram shorter than an xid: libtirpc drops it and ends the round.</summary>
    public static Answer End => new([0x52, 0x50], EndsRound: true);

    public static BroadcastScenario Find(string name) => All.Single(s => s.Name == name);

    public static BroadcastScenario? Find(uint program) => All.SingleOrDefault(s => s.Program == program);

    public static Answer Good(AnswerContext c, int port) =>
        new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0), Str(c.Uaddr(port)), Words(0)), c.Line(port));

    private static Answer GoodPort(AnswerContext c, uint port) =>
        new(Words(c.Xid, Reply, Accepted, 0, 0, 0, port, 0), c.Line((ushort)port));

    private static Answer Address(AnswerContext c, string address, string? prints = null) =>
        AddressBytes(c, Encoding.ASCII.GetBytes(address), prints);

    private static Answer AddressBytes(AnswerContext c, byte[] address, string? prints) =>
        new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 0), Opaque(address), Words(0)), prints);

    /// <summary>Every refusal and error status, each as complete as the C decoder wants it, all ignored.</summary>
    private static Answer[] Errors(AnswerContext c) =>
    [
        new(Words(c.Xid, Reply, Denied, 0, 2, 2)),
        new(Words(c.Xid, Reply, Denied, 1, 1)),
        new(Words(c.Xid, Reply, Denied, 1, 99)),
        new(Words(c.Xid, Reply, Denied, 5)),
        new(Words(c.Xid, Reply, Accepted, 0, 0, 1)),
        new(Words(c.Xid, Reply, Accepted, 0, 0, 2, 1, 3)),
        new(Words(c.Xid, Reply, Accepted, 0, 0, 2, 1)),
        new(Words(c.Xid, Reply, Accepted, 0, 0, 3)),
        new(Words(c.Xid, Reply, Accepted, 0, 0, 4)),
        new(Words(c.Xid, Reply, Accepted, 0, 0, 5)),
        new(Concat(Words(c.Xid, Reply, Accepted, 0, 0, 99), Str(c.Uaddr(0x0801)), Words(0))),
    ];

    private static byte[] Str(string text) => Opaque(Encoding.ASCII.GetBytes(text));

    private static byte[] Opaque(byte[] bytes)
    {
        var b = new byte[4 + ((bytes.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)bytes.Length);
        bytes.CopyTo(b, 4);
        return b;
    }

    private static byte[] Pad(byte[] bytes, int length, byte fill = 0)
    {
        var b = new byte[length];
        b.AsSpan().Fill(fill);
        bytes.CopyTo(b, 0);
        return b;
    }
}

/// <summary>
/// A UDP socket that answers rpcinfo's broadcast calls (rpcbind CALLIT, portmapper CALLIT) with the scripted
/// datagrams of the program called, each in order, to the sender. Floods run until the responder is disposed.
/// </summary>
internal sealed class BroadcastResponder : IAsyncDisposable
{
    private const int MaxRequests = 10_000;
    private const long MaxFloodDatagrams = 50_000_000;

    private readonly Socket _socket;
    private readonly IPAddress _self;
    private readonly string _host;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _floods = [];
    private readonly Task _serving;
    private long _floodSent;

    public BroadcastResponder(Socket socket, IPAddress self, string host)
    {
        _socket = socket;
        _self = self;
        _host = host;
        _serving = OnOwnThread(Serve);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    private IPEndPoint AnyEndPoint => new(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    public long FloodSent => Interlocked.Read(ref _floodSent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();

        // Wakes the serving thread out of its blocking receive.
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        await _serving;
        Task[] floods;
        lock (_floods)
        {
            floods = [.. _floods];
        }

        await Task.WhenAll(floods);
        _socket.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Runs on a thread of its own, as do the floods: the tool under test may block a pool thread for the whole of
    /// its broadcast, and on a loaded machine a responder waiting for a pool thread would answer too late.
    /// </summary>
    private static Task OnOwnThread(Action body) =>
        Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Serve()
    {
        var buffer = new byte[65536];
        for (int n = 0; n < MaxRequests && !_stop.IsCancellationRequested; n++)
        {
            int receivedBytes;
            EndPoint sender = AnyEndPoint;
            try
            {
                receivedBytes = _socket.ReceiveFrom(buffer, SocketFlags.None, ref sender);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                continue;
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }

            if (!TryParseCall(buffer.AsSpan(0, receivedBytes), out uint xid, out bool portmapper, out uint program)
                || BroadcastScenarios.Find(program) is not { } scenario)
            {
                continue;
            }

            var context = new AnswerContext(xid, _self, _host);
            if (scenario.Flood is { } flood)
            {
                if (!portmapper)
                {
                    byte[] datagram = flood(context);
                    lock (_floods)
                    {
                        EndPoint to = sender;
                        _floods.Add(OnOwnThread(() => Flood(datagram, to)));
                    }
                }

                continue;
            }

            foreach (Answer answer in portmapper ? scenario.Portmapper(context) : scenario.Rpcbind(context))
            {
                if (!TrySend(answer.Datagram, sender))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Sends one answer; false when the responder is being disposed. DisposeAsync shuts the socket down to wake the
    /// receive, so a send racing with it fails (EPIPE, or the socket already gone): that is the responder's own
    /// shutdown, not a failure of the tool under test, and must not surface from DisposeAsync. A send that fails
    /// otherwise is skipped like a lost datagram; the comparison of the tool's output then reports it.
    /// </summary>
    private bool TrySend(byte[] datagram, EndPoint to)
    {
        try
        {
            _socket.SendTo(datagram, to);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return !_stop.IsCancellationRequested;
        }
    }

    private void Flood(byte[] datagram, EndPoint to)
    {
        for (long i = 0; i < MaxFloodDatagrams && !_stop.IsCancellationRequested; i++)
        {
            try
            {
                _socket.SendTo(datagram, to);
                Interlocked.Increment(ref _floodSent);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // A full send queue (ENOBUFS) or the peer gone: keep flooding until told to stop.
            }
        }
    }

    /// <summary>The xid, the rpcbind version (2: portmapper) and the program named in a CALLIT call.</summary>
    internal static bool TryParseCall(ReadOnlySpan<byte> call, out uint xid, out bool portmapper, out uint program)
    {
        xid = 0;
        portmapper = false;
        program = 0;
        try
        {
            var reader = new XdrReader(call);
            RpcCallHeader header = RpcMessage.ReadCall(ref reader);
            if (header.Program != PortmapperProgram.Number || header.Procedure != (uint)PortmapperProcedure.CallIt)
            {
                return false;
            }

            program = reader.ReadUInt32();
            xid = header.Xid;
            portmapper = header.Version == PortmapperProgram.Version2;
            return true;
        }
        catch (Exception ex) when (ex is XdrException or RpcProtocolException)
        {
            return false;
        }
    }
}
