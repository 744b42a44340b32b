using System.Net;
using System.Net.Sockets;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Server;

/// <summary>Opens many connections from chosen loopback addresses (all of 127/8 is loopback on Linux) and checks that a legitimate call is still answered.</summary>
internal static class FloodClient
{
    public static IPAddress Loopback(int last) => new([127, 0, 0, (byte)last]);

    /// <summary>Connects to <paramref name="server"/> from <paramref name="local"/> (any port).</summary>
    public static async Task<Socket> ConnectFromAsync(IPAddress local, EndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            using var cts = new CancellationTokenSource(Polling.Patience);
            await socket.ConnectAsync(server, cts.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Opens a fresh connection from <paramref name="local"/>, makes one call on it and asserts its answer.</summary>
    public static async Task AssertAnsweredAsync(ServerTestHost host, IPAddress local, uint xid = 77)
    {
        using Socket socket = await ConnectFromAsync(local, host.Tcp);
        await AssertAnsweredOnAsync(socket, xid);
    }

    /// <summary>Makes one call on an open connection and asserts its answer.</summary>
    public static async Task AssertAnsweredOnAsync(Socket socket, uint xid)
    {
        byte[] call = RawRpc.Call(xid, ServerTestHost.Program, 2, ServerTestHost.AddProcedure, ServerTestHost.Pair, [2, 3]);
        await RawRpc.SendRecordAsync(socket, call);
        byte[]? reply = await RawRpc.ReceiveRecordAsync(socket);
        Assert.NotNull(reply);
        Assert.Equal(xid, RawRpc.ParseReply(reply).Xid);
        Assert.Equal(5, RawRpc.Results(reply, XdrCodec.Int32));
    }

    /// <summary>Whether the server has closed <paramref name="socket"/>, without waiting.</summary>
    public static bool IsClosedNow(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
