using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OncRpc.HostileBench;

/// <summary>
/// Hand-encoded read-only calls to rpcbind (program 100000): NULL and GETSTAT. The bench speaks raw bytes so that it
/// depends on nothing under test, and it never sends SET, UNSET or CALLIT.
/// </summary>
internal static class RawCalls
{
    public const uint Rpcbind = 100000;

    /// <summary>A call with AUTH_NONE and no arguments: 40 bytes.</summary>
    public static byte[] Call(uint xid, uint version, uint procedure)
    {
        byte[] message = new byte[40];
        uint[] words = [xid, 0, 2, Rpcbind, version, procedure, 0, 0, 0, 0];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(i * 4), words[i]);
        }

        return message;
    }

    /// <summary>A call framed as one record (last-fragment bit set).</summary>
    public static byte[] Record(uint xid, uint version, uint procedure)
    {
        byte[] call = Call(xid, version, procedure);
        byte[] record = new byte[4 + call.Length];
        BinaryPrimitives.WriteUInt32BigEndian(record, 0x8000_0000u | (uint)call.Length);
        call.CopyTo(record, 4);
        return record;
    }

    /// <summary>A NULL call over a fresh TCP connection from <paramref name="local"/>: true when the reply came within the timeout.</summary>
    public static async Task<bool> TcpNullAnsweredAsync(IPEndPoint server, IPAddress local, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(server, cts.Token);
            await socket.SendAsync(Record(0x1e9_0001, 2, 0), SocketFlags.None, cts.Token);
            byte[] reply = new byte[28];
            int got = 0;
            while (got < reply.Length)
            {
                int n = await socket.ReceiveAsync(reply.AsMemory(got), SocketFlags.None, cts.Token);
                if (n == 0)
                {
                    return false;
                }

                got += n;
            }

            return BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(4)) == 0x1e9_0001;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A NULL call over UDP, tried three times: true when a reply with the xid came back.</summary>
    public static async Task<bool> UdpNullAnsweredAsync(IPEndPoint server, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        byte[] reply = new byte[512];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using var cts = new CancellationTokenSource(timeout / 3);
            try
            {
                await socket.SendAsync(Call(0x1e9_0002, 2, 0), SocketFlags.None, cts.Token);
                while (true)
                {
                    int n = await socket.ReceiveAsync(reply, SocketFlags.None, cts.Token);
                    if (n >= 8 && BinaryPrimitives.ReadUInt32BigEndian(reply) == 0x1e9_0002)
                    {
                        return true;
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
            }
        }

        return false;
    }
}
