using System.Net;
using System.Net.Sockets;
using PortProbe.Probing;
using PortProbe.Tests.Support;
using Xunit;

namespace PortProbe.Tests.Probing;

public sealed class TcpProbeTests
{
    [Fact]
    public async Task Listening_port_is_open()
    {
        using TcpListener listener = LoopbackPorts.Listen();
        var endPoint = (IPEndPoint)listener.LocalEndpoint;

        TcpCheck check = await TcpProbe.CheckAsync(endPoint, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(TcpState.Open, check.State);
    }

    [Fact]
    public async Task Port_without_listener_is_closed()
    {
        using Socket bound = LoopbackPorts.Closed(out int port);

        TcpCheck check = await TcpProbe.CheckAsync(new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(TcpState.Closed, check.State);
        Assert.Equal("connection refused", check.Detail);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_filtered()
    {
        using Socket bound = LoopbackPorts.Closed(out int port);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TcpProbe.CheckAsync(new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(5), cts.Token));
    }
}
