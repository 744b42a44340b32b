using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Server;

/// <summary>CALLIT, BCAST and INDIRECT when a host turns them on (they are off by default).</summary>
public sealed class RpcbindServiceRemoteCallTests : IAsyncLifetime
{
    private const uint Program = 0x2000_0077;
    private static readonly RpcClientOptions Options = new() { Timeout = TimeSpan.FromSeconds(20) };

    private RpcbindService _service = null!;
    private RpcServer _target = null!;
    private IPEndPoint _targetUdp = null!;

    private IPEndPoint Udp => new(IPAddress.Loopback, ServiceTestHelpers.PortOf(_service));

    public async Task InitializeAsync()
    {
        _service = await RpcbindService.StartAsync(new RpcbindServiceOptions { Port = 0, Addresses = [IPAddress.Loopback], AllowRemoteCalls = true });
        _target = new RpcServer();
        _target.AddProcedure(Program, 1, 1, XdrCodec.UInt32, XdrCodec.UInt32, (x, _) => x * 2);
        _targetUdp = (IPEndPoint)await _target.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.True(_service.Register(new RpcbindMapping(Program, 1, NetId.Udp, UniversalAddress.FromEndPoint(new IPEndPoint(IPAddress.Any, _targetUdp.Port)).ToString(), "superuser")));
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Callit_v2_forwards_to_the_registered_udp_port_and_returns_it()
    {
        await using PortmapperClient pmap = await PortmapperClient.ConnectAsync(Udp, RpcTransportKind.Udp, Options);
        PortmapperRemoteCallResult result = await pmap.CallItAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 21u));
        Assert.Equal((uint)_targetUdp.Port, result.Port);
        Assert.Equal(42u, result.DecodeResults(XdrCodec.UInt32));
    }

    [Fact]
    public async Task Callit_v3_and_indirect_v4_return_the_address_and_results()
    {
        foreach (uint version in new[] { 3u, 4u })
        {
            await using RpcbindClient rpcb = await RpcbindClient.ConnectAsync(Udp, RpcTransportKind.Udp, version, Options);
            RpcbindRemoteCallResult result = version == 3
                ? await rpcb.CallItAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 5u))
                : await rpcb.IndirectAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 5u));
            Assert.Equal(UniversalAddress.FromEndPoint(_targetUdp).ToString(), result.Address);
            Assert.Equal(10u, result.DecodeResults(XdrCodec.UInt32));
        }
    }

    [Fact]
    public async Task Indirect_for_an_unregistered_program_is_program_unavailable()
    {
        byte[] indirect = ServiceTestHelpers.Call(1, 4, 10, RemoteCallArguments.Codec, new RemoteCallArguments(Program + 1, 1, 0, Array.Empty<byte>()));
        var reader = new XdrReader(await ServiceTestHelpers.ExchangeAsync(Udp, true, indirect));
        Assert.Equal(AcceptStatus.ProgramUnavailable, RpcMessage.ReadReply(ref reader).AcceptStatus);
    }

    [Fact]
    public async Task Callit_that_cannot_be_forwarded_gets_no_reply_and_the_portmapper_is_never_a_target()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(Udp);
        await udp.SendAsync(ServiceTestHelpers.Call(1, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(Program + 1, 1, 0, Array.Empty<byte>())), SocketFlags.None);
        await udp.SendAsync(ServiceTestHelpers.Call(2, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(100000, 2, 0, Array.Empty<byte>())), SocketFlags.None);
        await udp.SendAsync(ServiceTestHelpers.Call(3, 2, 0, XdrCodec.Void, default), SocketFlags.None);

        // Datagrams are handled in order, so had either remote call been answered, its reply would come first.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        byte[] buffer = new byte[1024];
        int n = await udp.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        var reader = new XdrReader(buffer.AsSpan(0, n));
        Assert.Equal(3u, RpcMessage.ReadReply(ref reader).Xid);
        Assert.Equal(0, _service.Server.GetEventCount(RpcServerEventKind.HandlerFailed));
    }
}
