using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Portmapper.Tests.Codecs;

public sealed class RecordedVectorTests
{
    public static TheoryData<string, string> SuccessfulReplies()
    {
        var data = new TheoryData<string, string>();
        foreach (RecordedVector v in RecordedVector.All)
        {
            if ((v.Name.StartsWith("pmap2_", StringComparison.Ordinal) || v.Name.StartsWith("rpcb", StringComparison.Ordinal)) && v.Reply.Length > 0)
            {
                data.Add(v.Name, v.Transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SuccessfulReplies))]
    public void Reply_decodes_into_the_typed_result_and_re_encodes_identically(string name, string transport)
    {
        RecordedVector vector = RecordedVector.Get(name, transport);
        (uint program, uint version, uint procedure) = vector.CallTarget;
        Assert.Equal(PortmapperProgram.Number, program);
        byte[] results = vector.Results;
        byte[] reencoded = version == 2
            ? RoundTripPortmapperResult((PortmapperProcedure)procedure, results)
            : RoundTripRpcbindResult((RpcbindProcedure)procedure, results);
        Assert.Equal(Convert.ToHexString(results), Convert.ToHexString(reencoded));
    }

    [Theory]
    [MemberData(nameof(SuccessfulReplies))]
    public void Request_arguments_decode_and_re_encode_identically(string name, string transport)
    {
        RecordedVector vector = RecordedVector.Get(name, transport);
        (_, uint version, uint procedure) = vector.CallTarget;
        byte[] arguments = vector.Arguments;
        byte[] reencoded = (version, procedure) switch
        {
            (2, (uint)PortmapperProcedure.GetPort or (uint)PortmapperProcedure.Set or (uint)PortmapperProcedure.Unset) => RoundTrip(PortMapping.Codec, arguments),
            (_, (uint)RpcbindProcedure.GetAddr or (uint)RpcbindProcedure.GetVersAddr or (uint)RpcbindProcedure.GetAddrList) when version > 2 => RoundTrip(RpcbindMapping.Codec, arguments),
            (_, (uint)RpcbindProcedure.Uaddr2Taddr) when version > 2 => RoundTrip(XdrCodec.String, arguments),
            (_, (uint)RpcbindProcedure.Taddr2Uaddr) when version > 2 => RoundTrip(NetBuffer.Codec, arguments),
            _ => RoundTrip(XdrCodec.Void, arguments),
        };
        Assert.Equal(Convert.ToHexString(arguments), Convert.ToHexString(reencoded));
    }

    [Fact]
    public void Pmap2_dump_lists_the_portmapper_and_statd()
    {
        IReadOnlyList<PortMapping> list = XdrTestHelpers.Decode(PortMapping.ListCodec, RecordedVector.Get("pmap2_dump").Results);
        Assert.Equal(8, list.Count);
        Assert.Contains(new PortMapping(100000, 2, PortMapping.Tcp, 111), list);
        Assert.Contains(new PortMapping(100024, 1, PortMapping.Udp, 0xbbdd), list);
        Assert.Contains(list, m => m.Program == 100024 && m.Protocol == PortMapping.Tcp);
    }

    [Fact]
    public void Pmap2_getport_of_the_portmapper_is_111_and_of_an_unregistered_program_zero()
    {
        Assert.Equal(111u, XdrTestHelpers.Decode(XdrCodec.UInt32, RecordedVector.Get("pmap2_getport_portmapper_tcp").Results));
        Assert.Equal(0u, XdrTestHelpers.Decode(XdrCodec.UInt32, RecordedVector.Get("pmap2_getport_unregistered").Results));
    }

    [Fact]
    public void Rpcb3_getaddr_returns_a_parsable_universal_address()
    {
        string uaddr = XdrTestHelpers.Decode(XdrCodec.String, RecordedVector.Get("rpcb3_getaddr_portmapper_tcp").Results);
        Assert.Equal("127.0.0.1.0.111", uaddr);
        UniversalAddress address = UniversalAddress.Parse(uaddr, NetId.Tcp);
        Assert.Equal(111, address.Port);
        Assert.Equal("", XdrTestHelpers.Decode(XdrCodec.String, RecordedVector.Get("rpcb3_getaddr_unregistered").Results));
    }

    [Fact]
    public void Rpcb_dumps_hold_parsable_addresses_for_every_netid()
    {
        foreach (string name in new[] { "rpcb3_dump", "rpcb4_dump" })
        {
            IReadOnlyList<RpcbindMapping> list = XdrTestHelpers.Decode(RpcbindMapping.ListCodec, RecordedVector.Get(name).Results);
            Assert.Contains(list, m => m.Program == 100024 && m.NetId == NetId.Tcp6);
            Assert.Contains(list, m => m.Program == 100000 && m.NetId == NetId.Local && m.Address == "/run/rpcbind.sock" && m.Owner == "superuser");
            foreach (RpcbindMapping mapping in list)
            {
                Assert.True(UniversalAddress.TryParse(mapping.Address, mapping.NetId, out UniversalAddress? parsed), mapping.Address);
                Assert.Equal(mapping.Address, parsed.ToString());
            }
        }
    }

    [Fact]
    public void Rpcb4_getaddrlist_describes_the_transports_of_statd()
    {
        IReadOnlyList<RpcbindEntry> list = XdrTestHelpers.Decode(RpcbindEntry.ListCodec, RecordedVector.Get("rpcb4_getaddrlist_status").Results);
        Assert.NotEmpty(list);
        foreach (RpcbindEntry entry in list)
        {
            NetIdInfo info = NetId.GetInfo(entry.NetId);
            Assert.Equal(info.Semantics, entry.Semantics);
            Assert.Equal(info.ProtocolFamily, entry.ProtocolFamily);
            Assert.Equal(info.ProtocolName, entry.Protocol);
            Assert.True(UniversalAddress.TryParse(entry.Address, entry.NetId, out _), entry.Address);
        }
    }

    [Fact]
    public void Rpcb4_getstat_has_three_versions_with_thirteen_counters()
    {
        RpcbindStatisticsByVersion stats = XdrTestHelpers.Decode(RpcbindStatisticsByVersion.Codec, RecordedVector.Get("rpcb4_getstat").Results);
        Assert.Equal(RpcbindStatistics.ProcedureCount, stats.Version4.ProcedureCalls.Count);
        Assert.True(stats.Version2.ProcedureCalls[(int)PortmapperProcedure.GetPort] > 0);
        Assert.True(stats.Version4.ProcedureCalls[(int)RpcbindProcedure.GetStat] > 0);
    }

    [Fact]
    public void Rpcb3_uaddr2taddr_and_taddr2uaddr_are_inverse()
    {
        NetBuffer taddr = XdrTestHelpers.Decode(NetBuffer.Codec, RecordedVector.Get("rpcb3_uaddr2taddr_ipv4").Results);
        string requested = XdrTestHelpers.Decode(XdrCodec.String, RecordedVector.Get("rpcb3_uaddr2taddr_ipv4").Arguments);
        NetBuffer sent = XdrTestHelpers.Decode(NetBuffer.Codec, RecordedVector.Get("rpcb3_taddr2uaddr_ipv4").Arguments);
        string uaddr = XdrTestHelpers.Decode(XdrCodec.String, RecordedVector.Get("rpcb3_taddr2uaddr_ipv4").Results);
        Assert.Equal(16, taddr.Buffer.Length);
        // The family field is host-shaped (the recorder sent it big-endian, rpcbind answers little-endian); port and address agree.
        Assert.Equal(sent.Buffer.Slice(2).ToArray(), taddr.Buffer.Slice(2).ToArray());
        Assert.Equal(requested, uaddr);
    }

    private static byte[] RoundTripPortmapperResult(PortmapperProcedure procedure, byte[] results) => procedure switch
    {
        PortmapperProcedure.Null => RoundTrip(XdrCodec.Void, results),
        PortmapperProcedure.Set or PortmapperProcedure.Unset => RoundTrip(XdrCodec.Boolean, results),
        PortmapperProcedure.GetPort => RoundTrip(XdrCodec.UInt32, results),
        PortmapperProcedure.Dump => RoundTrip(PortMapping.ListCodec, results),
        PortmapperProcedure.CallIt => RoundTrip(PortmapperRemoteCallResult.Codec, results),
        _ => throw new InvalidOperationException(procedure.ToString()),
    };

    private static byte[] RoundTripRpcbindResult(RpcbindProcedure procedure, byte[] results) => procedure switch
    {
        RpcbindProcedure.Null => RoundTrip(XdrCodec.Void, results),
        RpcbindProcedure.Set or RpcbindProcedure.Unset => RoundTrip(XdrCodec.Boolean, results),
        RpcbindProcedure.GetAddr or RpcbindProcedure.GetVersAddr or RpcbindProcedure.Taddr2Uaddr => RoundTrip(XdrCodec.String, results),
        RpcbindProcedure.Dump => RoundTrip(RpcbindMapping.ListCodec, results),
        RpcbindProcedure.CallIt or RpcbindProcedure.Indirect => RoundTrip(RpcbindRemoteCallResult.Codec, results),
        RpcbindProcedure.GetTime => RoundTrip(XdrCodec.UInt32, results),
        RpcbindProcedure.Uaddr2Taddr => RoundTrip(NetBuffer.Codec, results),
        RpcbindProcedure.GetAddrList => RoundTrip(RpcbindEntry.ListCodec, results),
        RpcbindProcedure.GetStat => RoundTrip(RpcbindStatisticsByVersion.Codec, results),
        _ => throw new InvalidOperationException(procedure.ToString()),
    };

    private static byte[] RoundTrip<T>(IXdrCodec<T> codec, byte[] data) => XdrTestHelpers.Encode(codec, XdrTestHelpers.Decode(codec, data));
}
