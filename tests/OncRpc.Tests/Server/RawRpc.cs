using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OncRpc.Framing;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Tests.Server;

/// <summary>Hand-built calls and replies over raw sockets, to test the server without the client.</summary>
internal static class RawRpc
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static byte[] Call<T>(uint xid, uint program, uint version, uint procedure, IXdrCodec<T> codec, T args, OpaqueAuth credential = default)
    {
        var header = new RpcCallHeader(xid, program, version, procedure, credential, OpaqueAuth.None);
        var output = new ArrayBufferWriter<byte>();
        var writer = new XdrWriter(output);
        RpcMessage.WriteCall(ref writer, header);
        codec.Write(ref writer, args);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    public static byte[] Null(uint xid, uint program = 100000, uint version = 2) => Call(xid, program, version, 0, XdrCodec.Void, default);

    public static byte[] Frame(byte[] message)
    {
        var output = new ArrayBufferWriter<byte>();
        RecordMarking.WriteRecord(output, message);
        return output.WrittenSpan.ToArray();
    }

    public static async Task<Socket> ConnectAsync(EndPoint endPoint)
    {
        var socket = endPoint.AddressFamily == AddressFamily.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(endPoint, cts.Token);
        return socket;
    }

    public static async Task SendRecordAsync(Socket socket, byte[] message) => await socket.SendAsync(Frame(message), SocketFlags.None);

    /// <summary>Reads one record; null when the server closed the connection.</summary>
    public static async Task<byte[]?> ReceiveRecordAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Patience);
        byte[] mark = new byte[4];
        var body = new List<byte>();
        while (true)
        {
            if (!await ReadExactlyAsync(socket, mark, cts.Token))
            {
                return null;
            }

            uint header = BinaryPrimitives.ReadUInt32BigEndian(mark);
            byte[] fragment = new byte[header & 0x7fff_ffff];
            if (!await ReadExactlyAsync(socket, fragment, cts.Token))
            {
                return null;
            }

            body.AddRange(fragment);
            if ((header & 0x8000_0000) != 0)
            {
                return [.. body];
            }
        }
    }

    public static async Task<bool> IsClosedByPeerAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Patience);
        byte[] one = new byte[1];
        try
        {
            return await socket.ReceiveAsync(one, SocketFlags.None, cts.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public static async Task<byte[]> UdpExchangeAsync(Socket udp, byte[] message)
    {
        await udp.SendAsync(message, SocketFlags.None);
        return await UdpReceiveAsync(udp);
    }

    public static async Task<byte[]> UdpReceiveAsync(Socket udp)
    {
        using var cts = new CancellationTokenSource(Patience);
        byte[] buffer = new byte[65536];
        int n = await udp.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        return buffer.AsSpan(0, n).ToArray();
    }

    public static RpcReplyHeader ParseReply(byte[] reply) => ParseReply(reply, out _);

    public static RpcReplyHeader ParseReply(byte[] reply, out byte[] results)
    {
        var reader = new XdrReader(reply);
        RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
        results = reader.RemainingSpan.ToArray();
        return header;
    }

    public static T Results<T>(byte[] reply, IXdrCodec<T> codec)
    {
        RpcReplyHeader header = ParseReply(reply, out byte[] results);
        Xunit.Assert.True(header.IsSuccess, header.ToString());
        var reader = new XdrReader(results);
        T value = codec.Read(ref reader);
        reader.ReadEnd();
        return value;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, ct);
            }
            catch (SocketException)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
