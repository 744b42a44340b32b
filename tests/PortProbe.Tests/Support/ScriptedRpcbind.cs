using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OncRpc.Messages;
using OncRpc.Portmapper;
using OncRpc.Xdr;

namespace PortProbe.Tests.Support;

/// <summary>
/// A scripted portmapper on 127.0.0.1 (one random port, UDP and TCP): DUMP answers with a known list, so reply
/// sizes and the amplification factor are known exactly. It records every call it receives, so tests can show the
/// probe never asks anything but read-only questions. <see cref="Hostile"/> answers DUMP with undecodable bytes.
/// </summary>
internal sealed class ScriptedRpcbind : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;
    private readonly IReadOnlyList<PortMapping> _v2;
    private readonly IReadOnlyList<RpcbindMapping>? _rpcb;
    private readonly RpcbindStatisticsByVersion? _stats;
    private int _dropUdp;
    private int _udpDatagrams;

    private ScriptedRpcbind(Socket udp, Socket tcp, IReadOnlyList<PortMapping> v2, IReadOnlyList<RpcbindMapping>? rpcb, bool hostile, RpcbindStatisticsByVersion? stats)
    {
        _udp = udp;
        _tcp = tcp;
        _v2 = v2;
        _rpcb = rpcb;
        _stats = stats;
        Hostile = hostile;
        Port = ((IPEndPoint)udp.LocalEndPoint!).Port;
        _udpLoop = UdpLoopAsync();
        _tcpLoop = TcpLoopAsync();
    }

    public int Port { get; }

    public bool Hostile { get; }

    /// <summary>How many UDP datagrams still to ignore, as a full socket buffer or a lossy link would.</summary>
    public int DropUdp { get => Volatile.Read(ref _dropUdp); set => Volatile.Write(ref _dropUdp, value); }

    /// <summary>How many UDP datagrams arrived, dropped ones included.</summary>
    public int UdpDatagrams => Volatile.Read(ref _udpDatagrams);

    /// <summary>Every call received: (transport, version, procedure).</summary>
    public ConcurrentQueue<(string Transport, uint Version, uint Procedure)> Calls { get; } = new();

    /// <summary>
    /// Starts the server. <paramref name="rpcb"/> null makes it a v2-only portmapper that answers v3/v4 with
    /// PROG_MISMATCH (2, 2). GETSTAT (v4) is answered with <paramref name="stats"/>, or PROC_UNAVAIL when it is null.
    /// </summary>
    public static ScriptedRpcbind Start(IReadOnlyList<PortMapping> v2, IReadOnlyList<RpcbindMapping>? rpcb, bool hostile = false, RpcbindStatisticsByVersion? stats = null)
    {
        for (int attempt = 0; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(16);
                return new ScriptedRpcbind(udp, tcp, v2, rpcb, hostile, stats);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
            }
        }
    }

    /// <summary>The UDP reply size of DUMP v2 for this list: 24-byte accepted-reply header, 20 per entry, 4 for the end.</summary>
    public static int DumpV2ReplySize(int entries) => 24 + (20 * entries) + 4;

    /// <summary>The reply size of DUMP v3/v4 for this list.</summary>
    public static int DumpRpcbReplySize(IReadOnlyList<RpcbindMapping> list) =>
        24 + list.Sum(m => 4 + RpcbindMapping.Codec.GetEncodedSize(m)) + 4;

    /// <summary>The reply size of GETSTAT for these statistics.</summary>
    public static int GetStatReplySize(RpcbindStatisticsByVersion stats) => 24 + RpcbindStatisticsByVersion.Codec.GetEncodedSize(stats);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        await Task.WhenAll(_udpLoop, _tcpLoop).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task UdpLoopAsync()
    {
        byte[] buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _udpDatagrams);
            if (Interlocked.Decrement(ref _dropUdp) >= 0)
            {
                continue;
            }

            Interlocked.Exchange(ref _dropUdp, 0);
            byte[]? reply = Answer(buffer.AsSpan(0, received.ReceivedBytes), "udp");
            if (reply is not null)
            {
                try
                {
                    await _udp.SendToAsync(reply, received.RemoteEndPoint, _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    // Stopping, or one reply lost (a full buffer, a prober gone): either way the loop must not die
                    // quietly while the test still expects answers.
                    if (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }
    }

    private async Task TcpLoopAsync()
    {
        var connections = new List<Task>();
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _tcp.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            connections.Add(ServeAsync(connection));
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        {
            var header = new byte[4];
            try
            {
                while (true)
                {
                    // One fragment per record is all a probe sends; a multi-fragment call would be a test bug.
                    if (!await ReadExactlyAsync(connection, header))
                    {
                        return;
                    }

                    int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(header) & 0x7fffffff);
                    if (length > 65536)
                    {
                        return;
                    }

                    var body = new byte[length];
                    if (!await ReadExactlyAsync(connection, body))
                    {
                        return;
                    }

                    byte[]? reply = Answer(body, "tcp");
                    if (reply is null)
                    {
                        continue;
                    }

                    var framed = new byte[reply.Length + 4];
                    BinaryPrimitives.WriteUInt32BigEndian(framed, 0x80000000u | (uint)reply.Length);
                    reply.CopyTo(framed, 4);
                    await connection.SendAsync(framed, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(read), _stop.Token);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private byte[]? Answer(ReadOnlySpan<byte> message, string transport)
    {
        RpcCallHeader call;
        try
        {
            var reader = new XdrReader(message);
            call = RpcMessage.ReadCall(ref reader);
        }
        catch (Exception ex) when (ex is XdrException or OncRpc.RpcProtocolException)
        {
            return null;
        }

        Calls.Enqueue((transport, call.Version, call.Procedure));
        var output = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(output);
        if (call.Program != PortmapperProgram.Number)
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.ProgramUnavailable(call.Xid));
        }
        else if (call.Version is < 2 or > 4 || (call.Version > 2 && _rpcb is null))
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.ProgramMismatch(call.Xid, 2, _rpcb is null ? 2u : 4u));
        }
        else if (call.Procedure == 0)
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.Success(call.Xid, OpaqueAuth.None));
        }
        else if (call.Procedure == 4 && Hostile)
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.Success(call.Xid, OpaqueAuth.None));
            // "Another entry follows" and then the datagram ends: a list no honest server sends.
            writer.WriteUInt32(1);
            writer.WriteUInt32(100000);
        }
        else if (call.Procedure == 4 && call.Version == 2)
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.Success(call.Xid, OpaqueAuth.None));
            writer.Write(PortMapping.ListCodec, _v2);
        }
        else if (call.Procedure == 4)
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.Success(call.Xid, OpaqueAuth.None));
            writer.Write(RpcbindMapping.ListCodec, _rpcb!);
        }
        else if (call.Procedure == (uint)RpcbindProcedure.GetStat && call.Version == 4 && _stats is not null)
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.Success(call.Xid, OpaqueAuth.None));
            writer.Write(RpcbindStatisticsByVersion.Codec, _stats);
        }
        else
        {
            RpcMessage.WriteReply(ref writer, RpcReplyHeader.ProcedureUnavailable(call.Xid));
        }

        writer.Flush();
        return output.WrittenSpan.ToArray();
    }
}
