using System.Net;
using System.Net.Sockets;
using OncRpc.Messages;
using OncRpc.Portmapper.Server;
using OncRpc.Portmapper.Tests.Codecs;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Server;

public sealed class RpcbindServiceProtocolTests : IAsyncLifetime
{
    private RpcbindService _service = null!;
    private string _dir = null!;

    private EndPoint Tcp => new IPEndPoint(IPAddress.Loopback, ServiceTestHelpers.PortOf(_service));

    private EndPoint Local => new UnixDomainSocketEndPoint(Path.Combine(_dir, "rpcbind.sock"));

    public async Task InitializeAsync() => (_service, _dir) = await ServiceTestHelpers.StartAsync();

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        Directory.Delete(_dir, true);
    }

    [Theory]
    [InlineData("pmap2_null", "tcp")]
    [InlineData("pmap2_null", "udp")]
    [InlineData("pmap2_getport_unregistered", "tcp")]
    [InlineData("pmap2_getport_unregistered", "udp")]
    [InlineData("rpcb3_getaddr_unregistered", "tcp")]
    [InlineData("rpcb3_uaddr2taddr_ipv4", "tcp")]
    [InlineData("rpcb3_uaddr2taddr_ipv4", "udp")]
    [InlineData("rpcb3_taddr2uaddr_ipv4", "tcp")]
    [InlineData("rpcb3_taddr2uaddr_ipv4", "udp")]
    [InlineData("err_proc_unavail", "tcp")]
    [InlineData("err_prog_mismatch", "udp")]
    [InlineData("err_garbage_args_getport_truncated", "tcp")]
    public async Task Replies_match_the_recorded_rpcbind_bytes(string name, string transport)
    {
        RecordedVector vector = RecordedVector.Get(name, transport);
        bool udp = transport == "udp";
        byte[] request = udp ? vector.Request : vector.Request[4..];
        byte[] expected = udp ? vector.Reply : vector.Reply[4..];
        byte[] reply = await ServiceTestHelpers.ExchangeAsync(Tcp, udp, request);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(reply));
    }

    [Fact]
    public async Task Truncated_udp_getport_is_garbage_args_where_rpcbind_reads_past_the_datagram()
    {
        // rpcbind 1.2.6 answers this datagram with SUCCESS and port 0: it decoded zeroes beyond the received bytes.
        RecordedVector vector = RecordedVector.Get("err_garbage_args_getport_truncated", "udp");
        var reader = new XdrReader(await ServiceTestHelpers.ExchangeAsync(Tcp, true, vector.Request));
        RpcReplyHeader header = RpcMessage.ReadReply(ref reader);
        Assert.Equal(AcceptStatus.GarbageArguments, header.AcceptStatus);
        Assert.Equal(0x5eed0025u, header.Xid);
    }

    [Fact]
    public async Task Set_from_loopback_is_visible_to_getport_getaddr_and_dump_then_unset_removes_it()
    {
        var set = new RpcbindMapping(0x2000_0042, 3, "tcp", "127.0.0.1.8.1", "ignored");
        Assert.True(ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(1, 4, 1, RpcbindMapping.Codec, set)), XdrCodec.Boolean));
        Assert.False(ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, true, ServiceTestHelpers.Call(2, 3, 1, RpcbindMapping.Codec, set)), XdrCodec.Boolean));

        uint port = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, true, ServiceTestHelpers.Call(3, 2, 3, PortMapping.Codec, new PortMapping(0x2000_0042, 3, PortMapping.Tcp, 0))), XdrCodec.UInt32);
        Assert.Equal(2049u, port);
        string uaddr = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(4, 3, 3, RpcbindMapping.Codec, new RpcbindMapping(0x2000_0042, 3, "tcp", "", ""))), XdrCodec.String);
        Assert.Equal("127.0.0.1.8.1", uaddr);
        string other = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(5, 4, 9, RpcbindMapping.Codec, new RpcbindMapping(0x2000_0042, 2, "tcp", "", ""))), XdrCodec.String);
        Assert.Equal(string.Empty, other);

        IReadOnlyList<RpcbindMapping> dump = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(6, 3, 4, XdrCodec.Void, default)), RpcbindMapping.ListCodec);
        Assert.Contains(new RpcbindMapping(0x2000_0042, 3, "tcp", "127.0.0.1.8.1", "unknown"), dump);

        Assert.True(ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(7, 3, 2, RpcbindMapping.Codec, new RpcbindMapping(0x2000_0042, 3, "", "", ""))), XdrCodec.Boolean));
        Assert.DoesNotContain(_service.GetMappings(), m => m.Program == 0x2000_0042);
        RpcbindStatistics v4 = _service.GetStatistics().Version4;
        Assert.Equal(1, v4.SetCount);
        Assert.Equal(1, v4.ProcedureCalls[9]);
    }

    [Fact]
    public async Task Owner_comes_from_the_kernel_on_the_local_socket_and_guards_unset()
    {
        var set = new RpcbindMapping(0x2000_0043, 1, "udp", "0.0.0.0.8.2", "claimed");
        Assert.True(ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Local, false, ServiceTestHelpers.Call(1, 3, 1, RpcbindMapping.Codec, set)), XdrCodec.Boolean));
        string expectedOwner = Environment.UserName == "root" ? "superuser" : "unknown";
        RpcbindMapping stored = _service.GetMappings().Single(m => m.Program == 0x2000_0043);
        if (Environment.UserName == "root")
        {
            Assert.Equal(expectedOwner, stored.Owner);

            // Over TCP the caller is "unknown", which may not remove a superuser's registration.
            Assert.False(ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(2, 3, 2, RpcbindMapping.Codec, set)), XdrCodec.Boolean));
        }

        // Version 2 GETPORT answers for udp, replacing nothing; a wildcard address is merged with the address reached.
        string merged = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, true, ServiceTestHelpers.Call(3, 3, 3, RpcbindMapping.Codec, new RpcbindMapping(0x2000_0043, 1, "udp", "", ""))), XdrCodec.String);
        Assert.Equal("127.0.0.1.8.2", merged);
    }

    [Fact]
    public async Task Remote_calls_are_off_and_answer_procedure_unavailable()
    {
        byte[] callit = ServiceTestHelpers.Call(1, 2, 5, RemoteCallArguments.Codec, new RemoteCallArguments(100000, 2, 0, Array.Empty<byte>()));
        var reader = new XdrReader(await ServiceTestHelpers.ExchangeAsync(Tcp, true, callit));
        Assert.Equal(AcceptStatus.ProcedureUnavailable, RpcMessage.ReadReply(ref reader).AcceptStatus);
    }

    [Fact]
    public async Task Getstat_and_getaddrlist_and_gettime_answer()
    {
        RpcbindStatisticsByVersion stats = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, true, ServiceTestHelpers.Call(1, 4, 12, XdrCodec.Void, default)), RpcbindStatisticsByVersion.Codec);
        Assert.Equal(1, stats.Version4.ProcedureCalls[12]);
        IReadOnlyList<RpcbindEntry> list = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(2, 4, 11, RpcbindMapping.Codec, new RpcbindMapping(100000, 4, "", "", ""))), RpcbindEntry.ListCodec);
        Assert.Contains(list, e => e.NetId == "tcp" && e.Semantics == TransportSemantics.ConnectionOrientedOrderly && e.ProtocolFamily == "inet");
        Assert.Contains(list, e => e.NetId == "local");
        uint time = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, false, ServiceTestHelpers.Call(3, 3, 6, XdrCodec.Void, default)), XdrCodec.UInt32);
        Assert.InRange(time, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
    }

    [Fact]
    public async Task Getstat_lists_address_lookups_newest_first_like_rpcbind()
    {
        // GETADDR (v4, procedure 3) of two programs nobody registered, then of the first again: the row of the second
        // stays on top, as in rpcbind's list, which puts new rows at its head.
        foreach (uint program in new uint[] { 0x2000_0101, 0x2000_0102, 0x2000_0101 })
        {
            await ServiceTestHelpers.ExchangeAsync(Tcp, true, ServiceTestHelpers.Call(program, 4, 3, RpcbindMapping.Codec, new RpcbindMapping(program, 1, "tcp", "", "")));
        }

        RpcbindStatisticsByVersion stats = ServiceTestHelpers.Results(await ServiceTestHelpers.ExchangeAsync(Tcp, true, ServiceTestHelpers.Call(9, 4, 12, XdrCodec.Void, default)), RpcbindStatisticsByVersion.Codec);
        Assert.Equal(
            [new RpcbindAddressStatistic(0x2000_0102, 1, 0, 1, "tcp"), new RpcbindAddressStatistic(0x2000_0101, 1, 0, 2, "tcp")],
            stats.Version4.AddressLookups);
    }

    [Fact]
    public async Task Default_options_bind_loopback_only()
    {
        var options = new RpcbindServiceOptions();
        Assert.All(options.Addresses, a => Assert.True(IPAddress.IsLoopback(a)));
        Assert.Equal(111, options.Port);
        await Task.CompletedTask;
    }
}
