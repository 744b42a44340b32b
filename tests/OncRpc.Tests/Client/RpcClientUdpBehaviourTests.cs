using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>The UDP client against scripted servers: retransmission, strays from other ports, ICMP errors, oversize datagrams.</summary>
public class RpcClientUdpBehaviourTests
{
    /// <summary>Gets the I/O mode of the clients under test; the derived class runs every test in the other mode.</summary>
    protected virtual RpcClientIoMode IoMode => RpcClientIoMode.DedicatedThread;

    private const uint Program = 0x2000_0002;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task<(byte[] Message, EndPoint From)> ReceiveAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Bound);
        byte[] buffer = new byte[65536];
        SocketReceiveFromResult result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), result.RemoteEndPoint);
    }

    private Task<uint> Echo(RpcClient client, uint value) =>
        Start(() => client.CallAsync(Program, 1, 1, XdrCodec.UInt32, value, XdrCodec.UInt32));

    private Task<T> Start<T>(Func<Task<T>> call) => ClientCalls.Start(IoMode, call);

    [Fact]
    public async Task Unanswered_call_is_retransmitted_with_the_same_xid_and_backoff_until_it_times_out()
    {
        var time = new ManualTimeProvider();
        using Socket server = Bind();
        await using RpcClient client = await RpcClient.ConnectAsync(server.LocalEndPoint!, RpcTransportKind.Udp, new RpcClientOptions
        {
            IoMode = IoMode,
            TimeProvider = time,
            RetransmitInterval = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(10),
        });

        Task<uint> call = Echo(client, 1);
        var (first, _) = await ReceiveAsync(server);

        // Retransmissions at 1, 3 (1 + 2) and 7 (3 + 4) seconds; the timeout at 10.
        time.Advance(TimeSpan.FromSeconds(1));
        var (second, _) = await ReceiveAsync(server);
        Assert.Equal(first, second);
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(0, server.Available);
        time.Advance(TimeSpan.FromSeconds(0.5));
        var (third, _) = await ReceiveAsync(server);
        Assert.Equal(RpcWire.Xid(first), RpcWire.Xid(third));
        time.Advance(TimeSpan.FromSeconds(4));
        await ReceiveAsync(server);
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Equal("RPC: Timed out", error.Message);
    }

    [Fact]
    public async Task Reply_to_a_retransmission_completes_the_call()
    {
        var time = new ManualTimeProvider();
        using Socket server = Bind();
        await using RpcClient client = await RpcClient.ConnectAsync(server.LocalEndPoint!, RpcTransportKind.Udp, new RpcClientOptions { IoMode = IoMode, TimeProvider = time });

        Task<uint> call = Echo(client, 1);
        await ReceiveAsync(server);
        time.Advance(TimeSpan.FromSeconds(1));
        var (request, from) = await ReceiveAsync(server);
        await server.SendToAsync(RpcWire.UInt32Reply(RpcWire.Xid(request), 77), SocketFlags.None, from);
        Assert.Equal(77u, await call);
    }

    [Fact]
    public async Task Reply_from_another_port_is_ignored()
    {
        using Socket server = Bind();
        using Socket impostor = Bind();
        await using RpcClient client = await RpcClient.ConnectAsync(server.LocalEndPoint!, RpcTransportKind.Udp, new RpcClientOptions { IoMode = IoMode });

        Task<uint> call = Echo(client, 1);
        var (request, from) = await ReceiveAsync(server);
        uint xid = RpcWire.Xid(request);
        await impostor.SendToAsync(RpcWire.UInt32Reply(xid, 666), SocketFlags.None, from);

        // The impostor's datagram was sent first; the genuine reply must be the one that completes the call.
        await server.SendToAsync(RpcWire.UInt32Reply(xid, 1), SocketFlags.None, from);
        Assert.Equal(1u, await call);
    }

    [Fact]
    public async Task Stray_and_duplicate_datagrams_are_dropped()
    {
        using Socket server = Bind();
        await using RpcClient client = await RpcClient.ConnectAsync(server.LocalEndPoint!, RpcTransportKind.Udp, new RpcClientOptions { IoMode = IoMode });

        Task<uint> call = Echo(client, 1);
        var (request, from) = await ReceiveAsync(server);
        uint xid = RpcWire.Xid(request);
        await server.SendToAsync(new byte[] { 1, 2, 3 }, SocketFlags.None, from);
        await server.SendToAsync(RpcWire.UInt32Reply(xid + 7, 5), SocketFlags.None, from);
        await server.SendToAsync(RpcWire.UInt32Reply(xid, 5), SocketFlags.None, from);
        await server.SendToAsync(RpcWire.UInt32Reply(xid, 6), SocketFlags.None, from);
        Assert.Equal(5u, await call);

        Task<uint> next = Echo(client, 2);
        byte[] request2;
        do
        {
            // Skip retransmissions of the first call still queued (a loaded machine may pass the 1 s interval).
            (request2, _) = await ReceiveAsync(server);
        }
        while (RpcWire.Xid(request2) == xid);

        await server.SendToAsync(RpcWire.UInt32Reply(RpcWire.Xid(request2), 8), SocketFlags.None, from);
        Assert.Equal(8u, await next);
        Assert.True(client.DroppedReplies >= 2);
    }

    [Fact]
    public async Task Datagram_over_the_reply_limit_is_dropped()
    {
        var time = new ManualTimeProvider();
        using Socket server = Bind();
        await using RpcClient client = await RpcClient.ConnectAsync(server.LocalEndPoint!, RpcTransportKind.Udp, new RpcClientOptions
        {
            IoMode = IoMode,
            TimeProvider = time,
            MaxReplySize = 100,
            Timeout = TimeSpan.FromSeconds(5),
        });

        Task<RpcResponse<byte[]>> call = Start(() => client.CallWithDetailsAsync(Program, 1, 1, XdrCodec.Void, XdrVoid.Value, XdrCodec.Opaque));
        var (request, from) = await ReceiveAsync(server);
        byte[] big = RpcWire.Reply(RpcReplyHeader.Success(RpcWire.Xid(request), OpaqueAuth.None), o =>
        {
            var w = new XdrWriter(o);
            w.WriteOpaque(new byte[200]);
            w.Flush();
        });
        await server.SendToAsync(big, SocketFlags.None, from);
        byte[] small = RpcWire.Reply(RpcReplyHeader.Success(RpcWire.Xid(request), OpaqueAuth.None), o =>
        {
            var w = new XdrWriter(o);
            w.WriteOpaque(new byte[8]);
            w.Flush();
        });
        await server.SendToAsync(small, SocketFlags.None, from);
        RpcResponse<byte[]> response = await call;
        Assert.Equal(8, response.Value.Length);
        Assert.Equal(small.Length, response.ReplySize);
    }

    [Fact]
    public async Task Port_unreachable_is_ignored_when_told_so_and_the_call_times_out()
    {
        IPEndPoint closed;
        using (Socket probe = Bind())
        {
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }

        // Each of the (re)transmissions draws a port unreachable; none of them may end the call early.
        await using RpcClient client = await RpcClient.ConnectAsync(closed, RpcTransportKind.Udp, new RpcClientOptions
        {
            IoMode = IoMode,
            FailOnIcmpErrors = false,
            RetransmitInterval = TimeSpan.FromMilliseconds(50),
            Timeout = TimeSpan.FromMilliseconds(400),
        });
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Echo(client, 1).WaitAsync(Bound));
        Assert.Equal("RPC: Timed out", error.Message);
    }

    [Fact]
    public async Task Port_unreachable_fails_the_call_like_libtirpc()
    {
        IPEndPoint closed;
        using (Socket probe = Bind())
        {
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }

        await using RpcClient client = await RpcClient.ConnectAsync(closed, RpcTransportKind.Udp, new RpcClientOptions { IoMode = IoMode, Timeout = TimeSpan.FromSeconds(20) });
        var error = await Assert.ThrowsAsync<RpcException>(() => Echo(client, 1));
        Assert.Equal(RpcStatus.CantReceive, error.Status);
        Assert.Equal("RPC: Unable to receive; errno = Connection refused", error.Message);
    }
}

/// <summary>The same tests with <see cref="RpcClientIoMode.Asynchronous"/> clients.</summary>
public sealed class RpcClientUdpBehaviourAsynchronousTests : RpcClientUdpBehaviourTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.Asynchronous;
}

/// <summary>The same tests with <see cref="RpcClientIoMode.CallingThread"/> clients.</summary>
public sealed class RpcClientUdpBehaviourCallingThreadTests : RpcClientUdpBehaviourTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.CallingThread;
}
