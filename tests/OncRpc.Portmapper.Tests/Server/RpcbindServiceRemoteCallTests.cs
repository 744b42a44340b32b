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
    /// <summary>No retransmission: the statistics count every datagram, and a loaded machine may take over a second.</summary>
    private static readonly RpcClientOptions Options = new() { Timeout = TimeSpan.FromSeconds(20), RetransmitInterval = TimeSpan.FromSeconds(20) };

    private RpcbindService _service = null!;
    private RpcServer _target = null!;
    private IPEndPoint _targetUdp = null!;

    private IPEndPoint Udp => new(IPAddress.Loopback, ServiceTestHelpers.PortOf(_service));

    public async Task InitializeAsync()
    {
        _service = await RpcbindService.StartAsync(new RpcbindServiceOptions { Port = 0, Addresses = [IPAddress.Loopback], AllowRemoteCalls = true });
        _target = new RpcServer();
        _target.AddProcedure(Program, 1, 1, XdrCodec.UInt32, XdrCodec.UInt32, (x, _) => x * 2);

        // Answers with the credential the call arrived with, so a test sees what the service forwarded.
        _target.AddProcedure(Program, 1, 2, XdrCodec.Void, OpaqueAuth.Codec, (_, c) => new OpaqueAuth(c.Credential.Flavor, c.Credential.Body.ToArray()));
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
        await SendThenPingAsync(
            ServiceTestHelpers.Call(1, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(Program + 1, 1, 0, Array.Empty<byte>())),
            ServiceTestHelpers.Call(2, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(100000, 2, 0, Array.Empty<byte>())));
        Assert.Equal(0, _service.Server.GetEventCount(RpcServerEventKind.HandlerFailed));
    }

    [Fact]
    public async Task Forwarded_calls_are_recorded_in_the_remote_call_statistics_of_their_version()
    {
        await using (PortmapperClient pmap = await PortmapperClient.ConnectAsync(Udp, RpcTransportKind.Udp, Options))
        {
            await pmap.CallItAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 1u));
            await pmap.CallItAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 2u));
        }

        await using (RpcbindClient v3 = await RpcbindClient.ConnectAsync(Udp, RpcTransportKind.Udp, 3, Options))
        {
            await v3.CallItAsync(RemoteCallArguments.Create(Program, 1, 2, XdrCodec.Void, default(XdrVoid)));
        }

        await using RpcbindClient v4 = await RpcbindClient.ConnectAsync(Udp, RpcTransportKind.Udp, 4, Options);
        await v4.IndirectAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 3u));
        await v4.CallItAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 4u));

        // Failures: INDIRECT to a version that is not registered answers PROG_UNAVAIL; CALLIT to it is silent.
        byte[] missing = ServiceTestHelpers.Call(7, 4, 10, RemoteCallArguments.Codec, new RemoteCallArguments(Program, 9, 1, Array.Empty<byte>()));
        var reader = new XdrReader(await ServiceTestHelpers.ExchangeAsync(Udp, true, missing));
        Assert.Equal(AcceptStatus.ProgramUnavailable, RpcMessage.ReadReply(ref reader).AcceptStatus);
        await SendThenPingAsync(ServiceTestHelpers.Call(8, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(Program + 5, 1, 0, Array.Empty<byte>())));

        // Calls to the portmapper itself are refused before anything is recorded, as rpcbind does.
        await SendThenPingAsync(ServiceTestHelpers.Call(9, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(100000, 2, 0, Array.Empty<byte>())));

        // Newest row first, as rpcbind lists them.
        RpcbindStatisticsByVersion stats = await v4.GetStatAsync();
        Assert.Equal(
            [new RpcbindRemoteCallStatistic(Program + 5, 1, 0, 0, 1, 0, NetId.Udp), new RpcbindRemoteCallStatistic(Program, 1, 1, 2, 0, 0, NetId.Udp)],
            stats.Version2.RemoteCalls);
        Assert.Equal([new RpcbindRemoteCallStatistic(Program, 1, 2, 1, 0, 0, NetId.Udp)], stats.Version3.RemoteCalls);
        Assert.Equal(
            [new RpcbindRemoteCallStatistic(Program, 9, 1, 0, 1, 1, NetId.Udp), new RpcbindRemoteCallStatistic(Program, 1, 1, 2, 0, 1, NetId.Udp)],
            stats.Version4.RemoteCalls);

        // The call counters keep counting every remote call, recorded or not.
        Assert.Equal(4, stats.Version2.ProcedureCalls[(int)PortmapperProcedure.CallIt]);
        Assert.Equal(1, stats.Version3.ProcedureCalls[(int)RpcbindProcedure.CallIt]);
        Assert.Equal(1, stats.Version4.ProcedureCalls[(int)RpcbindProcedure.CallIt]);
        Assert.Equal(2, stats.Version4.ProcedureCalls[(int)RpcbindProcedure.Indirect]);
        Assert.Equal(stats, _service.GetStatistics());
    }

    [Fact]
    public async Task Remote_calls_over_tcp_are_recorded_under_the_netid_they_arrived_on()
    {
        await using RpcbindClient v4 = await RpcbindClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ServiceTestHelpers.PortOf(_service)), RpcTransportKind.Tcp, 4, Options);
        Assert.Equal(6u, (await v4.IndirectAsync(RemoteCallArguments.Create(Program, 1, 1, XdrCodec.UInt32, 3u))).DecodeResults(XdrCodec.UInt32));
        Assert.Equal([new RpcbindRemoteCallStatistic(Program, 1, 1, 1, 0, 1, NetId.Tcp)], (await v4.GetStatAsync()).Version4.RemoteCalls);
    }

    [Fact]
    public async Task Forwarded_calls_carry_the_callers_auth_sys_credential()
    {
        var caller = new AuthSysParameters(0x1234_5678, "forwarding-test", 1001, 1002, [1002, 27, 100]);
        var options = new RpcClientOptions { Timeout = Options.Timeout, RetransmitInterval = Options.RetransmitInterval, Auth = RpcAuth.Sys(caller) };
        RemoteCallArguments echo = RemoteCallArguments.Create(Program, 1, 2, XdrCodec.Void, default(XdrVoid));

        await using (PortmapperClient pmap = await PortmapperClient.ConnectAsync(Udp, RpcTransportKind.Udp, options))
        {
            OpaqueAuth seen = (await pmap.CallItAsync(echo)).DecodeResults(OpaqueAuth.Codec);
            Assert.Equal(AuthFlavor.Sys, seen.Flavor);
            Assert.Equal(caller, AuthSysParameters.FromOpaqueAuth(seen));
        }

        foreach (uint version in new[] { 3u, 4u })
        {
            await using RpcbindClient rpcb = await RpcbindClient.ConnectAsync(Udp, RpcTransportKind.Udp, version, options);
            RpcbindRemoteCallResult result = version == 3 ? await rpcb.CallItAsync(echo) : await rpcb.IndirectAsync(echo);
            Assert.Equal(caller, AuthSysParameters.FromOpaqueAuth(result.DecodeResults(OpaqueAuth.Codec)));
        }

        // AUTH_NONE stays AUTH_NONE.
        await using RpcbindClient anonymous = await RpcbindClient.ConnectAsync(Udp, RpcTransportKind.Udp, 4, Options);
        Assert.Equal(OpaqueAuth.None, (await anonymous.IndirectAsync(echo)).DecodeResults(OpaqueAuth.Codec));
    }

    [Fact]
    public async Task A_credential_that_cannot_be_forwarded_is_refused_as_rpcbind_does()
    {
        byte[] args = RemoteCallArguments.Create(Program, 1, 2, XdrCodec.Void, default(XdrVoid)).Arguments.ToArray();
        var tooWeak = new OpaqueAuth(AuthFlavor.Dh, new byte[8]);
        var malformedSys = new OpaqueAuth(AuthFlavor.Sys, new byte[] { 0, 0, 0, 1 });

        foreach ((OpaqueAuth credential, AuthStatus expected) in new[] { (tooWeak, AuthStatus.TooWeak), (malformedSys, AuthStatus.BadCredential) })
        {
            // INDIRECT answers AUTH_ERROR.
            var reader = new XdrReader(await ServiceTestHelpers.ExchangeAsync(Udp, true, ServiceTestHelpers.Call(11, 4, 10, RemoteCallArguments.Codec, new RemoteCallArguments(Program, 1, 2, args), credential)));
            RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
            Assert.Equal(ReplyStatus.Denied, header.Status);
            Assert.Equal(RejectStatus.AuthError, header.RejectStatus);
            Assert.Equal(expected, header.AuthStatus);

            // CALLIT stays silent.
            await SendThenPingAsync(ServiceTestHelpers.Call(12, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(Program, 1, 2, args), credential));
        }

        Assert.Equal(0, _service.Server.GetEventCount(RpcServerEventKind.HandlerFailed));
        Assert.Equal(0, _target.GetEventCount(RpcServerEventKind.CallCompleted));
    }

    /// <summary>
    /// Sends calls that must get no reply, then a NULL call: datagrams are handled in order, so had any of them been
    /// answered, its reply would come before the NULL call's.
    /// </summary>
    private async Task SendThenPingAsync(params byte[][] silentCalls)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(Udp);
        foreach (byte[] silentCall in silentCalls)
        {
            await udp.SendAsync(silentCall, SocketFlags.None);
        }

        await udp.SendAsync(ServiceTestHelpers.Call(99, 2, 0, XdrCodec.Void, default), SocketFlags.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        byte[] buffer = new byte[1024];
        int n = await udp.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        var reader = new XdrReader(buffer.AsSpan(0, n));
        Assert.Equal(99u, RpcMessage.ReadReply(ref reader).Xid);
    }
}
