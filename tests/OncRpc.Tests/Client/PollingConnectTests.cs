using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Client.Transport;
using Xunit;

namespace OncRpc.Tests.Client;

/// <summary>
/// The polled non-blocking connect the calling-thread mode uses where a blocking connect ignores the send timeout
/// (everywhere but Linux), run here directly: success, refusal, timeout and cancellation.
/// </summary>
public sealed class PollingConnectTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static Socket NewSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    private static RpcClientOptions Options(TimeProvider time) =>
        new() { IoMode = RpcClientIoMode.CallingThread, TimeProvider = time, ConnectTimeout = TimeSpan.FromSeconds(3) };

    [Fact]
    public void Connects_and_leaves_the_socket_blocking()
    {
        using var listener = NewSocket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using Socket socket = NewSocket();
        SocketConnector.ConnectPolling(socket, listener.LocalEndPoint!, Options(TimeProvider.System), CancellationToken.None);
        Assert.True(socket.Blocking);
        using Socket accepted = listener.Accept();
        Assert.Equal(socket.LocalEndPoint, accepted.RemoteEndPoint);
    }

    [Fact]
    public void Refused_connect_throws_the_plain_socket_error()
    {
        IPEndPoint closed;
        using (Socket probe = NewSocket())
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            closed = (IPEndPoint)probe.LocalEndPoint!;
        }

        using Socket socket = NewSocket();
        var error = Assert.Throws<SocketException>(() => SocketConnector.ConnectPolling(socket, closed, Options(TimeProvider.System), CancellationToken.None));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        Assert.Equal("Connection refused", error.Message);
    }

    [Fact]
    public async Task Connect_to_a_full_accept_queue_times_out_by_the_time_provider_and_can_be_cancelled()
    {
        using var listener = NewSocket();
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);

        // Takes the only place in the accept queue: the kernel drops the client's SYNs from now on.
        using Socket filler = NewSocket();
        filler.Connect(listener.LocalEndPoint!);

        var time = new ManualTimeProvider();
        using Socket timedOut = NewSocket();
        Task connect = ClientCalls.OnOwnThread(() =>
        {
            SocketConnector.ConnectPolling(timedOut, listener.LocalEndPoint!, Options(time), CancellationToken.None);
            return Task.FromResult(true);
        });
        await time.FirstRead.WaitAsync(Bound);
        Assert.False(connect.IsCompleted, "the connection was established although the accept queue was full");
        time.Advance(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => connect.WaitAsync(Bound));
        Assert.Equal("RPC: Timed out", error.Message);

        using var cts = new CancellationTokenSource();
        using Socket cancelled = NewSocket();
        Task cancelledConnect = ClientCalls.OnOwnThread(() =>
        {
            SocketConnector.ConnectPolling(cancelled, listener.LocalEndPoint!, Options(TimeProvider.System), cts.Token);
            return Task.FromResult(true);
        });
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelledConnect.WaitAsync(Bound));
    }
}
