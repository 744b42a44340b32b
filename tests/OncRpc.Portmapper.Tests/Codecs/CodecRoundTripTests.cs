using FsCheck.Xunit;
using OncRpc.Xdr;

namespace OncRpc.Portmapper.Tests.Codecs;

[Properties(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = 200)]
public sealed class CodecRoundTripTests
{
    private static bool RoundTrips<T>(IXdrCodec<T> codec, T value, Func<T, T, bool> equal)
    {
        byte[] encoded = XdrTestHelpers.Encode(codec, value);
        T decoded = XdrTestHelpers.Decode(codec, encoded);
        return equal(value, decoded) && XdrTestHelpers.Encode(codec, decoded).AsSpan().SequenceEqual(encoded);
    }

    [Property]
    public bool Port_mapping_round_trips(PortMapping value) => RoundTrips(PortMapping.Codec, value, (a, b) => a == b);

    [Property]
    public bool Pmaplist_round_trips(IReadOnlyList<PortMapping> value) => RoundTrips(PortMapping.ListCodec, value, (a, b) => a.SequenceEqual(b));

    [Property]
    public bool Rpcb_round_trips(RpcbindMapping value) => RoundTrips(RpcbindMapping.Codec, value, (a, b) => a == b);

    [Property]
    public bool Rpcblist_round_trips(IReadOnlyList<RpcbindMapping> value) => RoundTrips(RpcbindMapping.ListCodec, value, (a, b) => a.SequenceEqual(b));

    [Property]
    public bool Rpcb_entry_round_trips(RpcbindEntry value) => RoundTrips(RpcbindEntry.Codec, value, (a, b) => a == b);

    [Property]
    public bool Rpcb_entry_list_round_trips(IReadOnlyList<RpcbindEntry> value) => RoundTrips(RpcbindEntry.ListCodec, value, (a, b) => a.SequenceEqual(b));

    [Property]
    public bool Rmtcallargs_round_trip(RemoteCallArguments value) => RoundTrips(RemoteCallArguments.Codec, value, (a, b) => a.Equals(b));

    [Property]
    public bool Rmtcallres_round_trips(RpcbindRemoteCallResult value) => RoundTrips(RpcbindRemoteCallResult.Codec, value, (a, b) => a.Equals(b));

    [Property]
    public bool Pmap_callit_result_round_trips(PortmapperRemoteCallResult value) => RoundTrips(PortmapperRemoteCallResult.Codec, value, (a, b) => a.Equals(b));

    [Property]
    public bool Netbuf_round_trips(NetBuffer value) => RoundTrips(NetBuffer.Codec, value, (a, b) => a.Equals(b));

    [Property]
    public bool Rpcb_stat_round_trips(RpcbindStatistics value) => RoundTrips(RpcbindStatistics.Codec, value, (a, b) => a.Equals(b));

    [Property]
    public bool Rpcb_stat_byvers_round_trips(RpcbindStatisticsByVersion value) => RoundTrips(RpcbindStatisticsByVersion.Codec, value, (a, b) => a == b);
}
