using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OncRpc.Testing;
using Xunit;

namespace OncRpc.Tests.Interop;

/// <summary>Proves the interop harness: a hand-built NULL call to program 100000 answered by the real rpcbind.</summary>
public sealed class RawRpcbindNullTests
{
    [RpcbindFact]
    public async Task Rpcbind_answers_a_raw_null_call_over_tcp_with_success()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 111), cts.Token);

        // record mark (last fragment, 40 bytes), xid, CALL, rpcvers 2, prog 100000, vers 2, proc 0, AUTH_NONE x2
        uint[] words = [0x8000_0028, 0x1234_5678, 0, 2, 100000, 2, 0, 0, 0, 0, 0];
        byte[] request = new byte[words.Length * 4];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(i * 4), words[i]);
        }

        await socket.SendAsync(request, SocketFlags.None, cts.Token);

        byte[] reply = new byte[4 + 24];
        int read = 0;
        while (read < reply.Length)
        {
            int n = await socket.ReceiveAsync(reply.AsMemory(read), SocketFlags.None, cts.Token);
            Assert.True(n > 0, "rpcbind closed the connection before replying");
            read += n;
        }

        uint mark = BinaryPrimitives.ReadUInt32BigEndian(reply);
        Assert.Equal(0x8000_0018u, mark); // last fragment, 24 bytes
        Assert.Equal(0x1234_5678u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(4)));  // xid
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(8)));            // REPLY
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(12)));           // MSG_ACCEPTED
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(16)));           // verifier AUTH_NONE
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(20)));           // verifier length 0
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(24)));           // SUCCESS
    }
}
