using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Tests.Tls;

/// <summary>A hand-driven client socket for the server-side TLS tests: raw records, the probe, bounded reads.</summary>
internal sealed class RawTlsPeer : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private RawTlsPeer(Socket socket)
    {
        Socket = socket;
    }

    public Socket Socket { get; }

    public static async Task<RawTlsPeer> ConnectAsync(EndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(endPoint, timeout.Token);
        return new RawTlsPeer(socket);
    }

    public static byte[] Call(uint xid, uint program, uint version, uint procedure, OpaqueAuth credential)
    {
        var header = new RpcCallHeader(xid, program, version, procedure, credential, OpaqueAuth.None);
        byte[] message = new byte[RpcMessage.GetCallHeaderSize(header)];
        var writer = new XdrWriter(message);
        RpcMessage.WriteCall(ref writer, header);
        return message;
    }

    public static OpaqueAuth TlsCredential => new(AuthFlavor.Tls, ReadOnlyMemory<byte>.Empty);

    public async Task SendRecordAsync(byte[] message)
    {
        byte[] record = new byte[message.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(record, 0x8000_0000u | (uint)message.Length);
        message.CopyTo(record, 4);
        await Socket.SendAsync(record, SocketFlags.None);
    }

    /// <summary>Reads one single-fragment reply record and decodes its header.</summary>
    public async Task<RpcReplyHeader> ReceiveReplyAsync()
    {
        byte[] mark = await ReceiveExactlyAsync(4);
        int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(mark) & 0x7FFF_FFFF);
        byte[] body = await ReceiveExactlyAsync(length);
        var reader = new XdrReader(body);
        return RpcMessage.ReadReply(ref reader);
    }

    /// <summary>Waits (bounded) until the peer closes the connection; true when it did.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        byte[] buffer = new byte[256];
        try
        {
            while (await Socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => Socket.Dispose();

    private async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        byte[] buffer = new byte[count];
        int offset = 0;
        while (offset < count)
        {
            int received = await Socket.ReceiveAsync(buffer.AsMemory(offset), SocketFlags.None, timeout.Token);
            if (received == 0)
            {
                throw new IOException("closed");
            }

            offset += received;
        }

        return buffer;
    }
}
