using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>
/// A dedicated receive thread runs callers' continuations inline (an asynchronous client runs them on the thread
/// pool): one that blocks must not stall the connection; a server
/// that stops reading must not hold a caller past its timeout; the privileged source port option.
/// </summary>
public class RpcClientThreadingTests
{
    /// <summary>Gets the I/O mode of the clients under test; the derived class runs every test in the other mode.</summary>
    protected virtual RpcClientIoMode IoMode => RpcClientIoMode.DedicatedThread;

    private const uint Program = 0x2000_0003;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private Task<uint> Echo(RpcClient client, uint value) =>
        Start(() => client.CallAsync(Program, 1, 1, XdrCodec.UInt32, value, XdrCodec.UInt32));

    private Task<T> Start<T>(Func<Task<T>> call) => ClientCalls.Start(IoMode, call);

    [Fact]
    public async Task Continuation_blocking_on_another_call_of_the_same_tcp_client_does_not_deadlock()
    {
        await using var server = new ScriptedTcpServer();
        Task accept = server.AcceptAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.EndPoint, RpcTransportKind.Tcp, new RpcClientOptions { IoMode = IoMode });
        await accept;

        Task<uint> first = Echo(client, 1);
        Task<uint> chained = BlockInContinuation(first, client);
        byte[] request = await server.ReadCallAsync();
        await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(request), 10));

        // The first reply's continuation now holds the receive thread, waiting synchronously for this reply.
        byte[] request2 = await server.ReadCallAsync();
        await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(request2), 20));

        Assert.Equal(30u, await chained.WaitAsync(Bound));
        AssertReceiverReplaced(client);

        // The replacement receiver keeps serving the connection.
        Task<uint> third = Echo(client, 3);
        byte[] request3 = await server.ReadCallAsync();
        await server.SendRecordAsync(RpcWire.UInt32Reply(RpcWire.Xid(request3), 40));
        Assert.Equal(40u, await third.WaitAsync(Bound));
    }

    [Fact]
    public async Task Continuation_blocking_on_another_call_of_the_same_udp_client_does_not_deadlock()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using RpcClient client = await RpcClient.ConnectAsync(server.LocalEndPoint!, RpcTransportKind.Udp, new RpcClientOptions { IoMode = IoMode });

        Task<uint> first = Echo(client, 1);
        Task<uint> chained = BlockInContinuation(first, client);
        await AnswerOneAsync(server, 10);
        await AnswerOneAsync(server, 20);

        Assert.Equal(30u, await chained.WaitAsync(Bound));
        AssertReceiverReplaced(client);
    }

    [Fact]
    public async Task Call_whose_request_the_server_never_reads_times_out_and_frees_the_blocked_caller()
    {
        var time = new ManualTimeProvider();
        await using var server = new ScriptedTcpServer();
        Task accept = server.AcceptAsync();

        // No timer watches a calling-thread client's write: the socket's send timeout (the client's timeout, in real
        // time) ends it, so that client gets a short one.
        bool callingThread = IoMode == RpcClientIoMode.CallingThread;
        await using RpcClient client = await RpcClient.ConnectAsync(
            server.EndPoint,
            RpcTransportKind.Tcp,
            new RpcClientOptions
            {
                IoMode = IoMode,
                TimeProvider = time,
                Timeout = callingThread ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(5),
            });
        await accept;

        // Far more than the socket buffers of both ends hold: the caller blocks writing, and the server never reads.
        byte[] huge = new byte[64 * 1024 * 1024];
        Task<byte[]> call = Task.Run(() => client.CallAsync(Program, 1, 2, XdrCodec.Opaque, huge, XdrCodec.Opaque));
        if (callingThread)
        {
            var sendFailed = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(Bound));
            Assert.Equal("RPC: Unable to send; errno = Connection timed out", sendFailed.Message);
            var later = await Assert.ThrowsAsync<RpcException>(() => Echo(client, 1).WaitAsync(Bound));
            Assert.Equal(RpcStatus.CantSend, later.Status);
            return;
        }

        await Polling.WaitUntilAsync(() => client.UnsentRecords == 1 && time.ArmedTimers == 1);

        time.Advance(TimeSpan.FromSeconds(5));
        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(Bound));
        Assert.Equal("RPC: Timed out", timedOut.Message);

        // Its half-written record leaves the stream unusable: later calls fail at once.
        var error = await Assert.ThrowsAsync<RpcException>(() => Echo(client, 1).WaitAsync(Bound));
        Assert.Equal(RpcStatus.CantSend, error.Status);
        Assert.Equal("RPC: Unable to send; errno = Connection timed out", error.Message);
    }

    [Fact]
    public async Task Blocking_connect_to_a_server_whose_accept_queue_is_full_times_out_and_can_be_cancelled()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);

        // Takes the only place in the accept queue: the kernel drops the client's SYNs from now on.
        using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        filler.Connect(listener.LocalEndPoint!);

        if (IoMode == RpcClientIoMode.CallingThread)
        {
            // The connect blocks the calling thread, bounded by the kernel (the socket's send timeout) in real time.
            var bounded = new RpcClientOptions { IoMode = IoMode, ConnectTimeout = TimeSpan.FromMilliseconds(300) };
            var timedOut = await Assert.ThrowsAsync<TimeoutException>(
                () => RpcClient.ConnectAsync(listener.LocalEndPoint!, RpcTransportKind.Tcp, bounded).WaitAsync(Bound));
            Assert.Equal("RPC: Timed out", timedOut.Message);

            // With no timeout at all, only cancellation ends it: from another thread, while the connect blocks.
            var unbounded = new RpcClientOptions { IoMode = IoMode, ConnectTimeout = Timeout.InfiniteTimeSpan };
            using var canceller = new CancellationTokenSource();
            Task<RpcClient> blocked = ClientCalls.OnOwnThread(
                () => RpcClient.ConnectAsync(listener.LocalEndPoint!, RpcTransportKind.Tcp, unbounded, canceller.Token));
            canceller.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(Bound));
            return;
        }

        var time = new ManualTimeProvider();
        var options = new RpcClientOptions { IoMode = IoMode, TimeProvider = time, ConnectTimeout = TimeSpan.FromSeconds(3) };
        Task<RpcClient> connect = RpcClient.ConnectAsync(listener.LocalEndPoint!, RpcTransportKind.Tcp, options);
        await Polling.WaitUntilAsync(() => time.ArmedTimers == 1 || connect.IsCompleted);
        Assert.False(connect.IsCompleted, "the connection was established although the accept queue was full");
        time.Advance(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => connect.WaitAsync(Bound));
        Assert.Equal("RPC: Timed out", error.Message);

        using var cts = new CancellationTokenSource();
        Task<RpcClient> cancelled = RpcClient.ConnectAsync(listener.LocalEndPoint!, RpcTransportKind.Tcp, options, cts.Token);
        await Polling.WaitUntilAsync(() => time.ArmedTimers == 1 || cancelled.IsCompleted);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));
    }

    [Theory]
    [InlineData(RpcTransportKind.Tcp)]
    [InlineData(RpcTransportKind.Udp)]
    public async Task Privileged_port_option_binds_a_source_port_below_1024(RpcTransportKind transport)
    {
        var options = new RpcClientOptions { IoMode = IoMode, UsePrivilegedPort = true };
        if (transport == RpcTransportKind.Tcp)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            RpcClient? client = await ConnectOrPermissionDeniedAsync(listener.LocalEndPoint!, transport, options);
            if (client is null)
            {
                return;
            }

            await using var _ = client;
            using var cts = new CancellationTokenSource(Bound);
            using Socket accepted = await listener.AcceptAsync(cts.Token);
            Assert.InRange(((IPEndPoint)accepted.RemoteEndPoint!).Port, 1, 1023);
        }
        else
        {
            using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            RpcClient? client = await ConnectOrPermissionDeniedAsync(server.LocalEndPoint!, transport, options);
            if (client is null)
            {
                return;
            }

            await using var _ = client;
            Task<uint> call = Echo(client, 1);
            IPEndPoint from = await AnswerOneAsync(server, 2);
            Assert.InRange(from.Port, 1, 1023);
            Assert.Equal(2u, await call.WaitAsync(Bound));
        }
    }

    /// <summary>Connects, or checks that the failure is the missing privilege when the test does not run as root.</summary>
    private static async Task<RpcClient?> ConnectOrPermissionDeniedAsync(EndPoint endPoint, RpcTransportKind transport, RpcClientOptions options)
    {
        try
        {
            return await RpcClient.ConnectAsync(endPoint, transport, options);
        }
        catch (RpcException ex) when (Environment.UserName != "root")
        {
            Assert.Equal("RPC: Remote system error - Permission denied", ex.Message);
            return null;
        }
    }

    /// <summary>A dedicated receive thread held by the continuation was replaced; an asynchronous client never needs to.</summary>
    private void AssertReceiverReplaced(RpcClient client)
    {
        if (IoMode == RpcClientIoMode.DedicatedThread)
        {
            Assert.True(client.ReceiverReplacements >= 1);
        }
        else
        {
            Assert.Equal(0, client.ReceiverReplacements);
        }
    }

    private async Task<uint> BlockInContinuation(Task<uint> first, RpcClient client)
    {
        uint a = await first.ConfigureAwait(false);

        // Now on the receive thread (no synchronization context to go back to). Sync-over-async here: only a
        // replacement receiver can read the reply it waits for.
        uint b = Echo(client, 2).GetAwaiter().GetResult();
        return a + b;
    }

    private static async Task<IPEndPoint> AnswerOneAsync(Socket server, uint value)
    {
        using var cts = new CancellationTokenSource(Bound);
        byte[] buffer = new byte[65536];
        SocketReceiveFromResult received = await server.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        byte[] reply = RpcWire.UInt32Reply(RpcWire.Xid(buffer.AsSpan(0, received.ReceivedBytes)), value);
        await server.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, cts.Token);
        return (IPEndPoint)received.RemoteEndPoint;
    }
}

/// <summary>The same tests with <see cref="RpcClientIoMode.Asynchronous"/> clients.</summary>
public sealed class RpcClientThreadingAsynchronousTests : RpcClientThreadingTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.Asynchronous;
}

/// <summary>The same tests with <see cref="RpcClientIoMode.CallingThread"/> clients.</summary>
public sealed class RpcClientThreadingCallingThreadTests : RpcClientThreadingTests
{
    /// <inheritdoc/>
    protected override RpcClientIoMode IoMode => RpcClientIoMode.CallingThread;
}
