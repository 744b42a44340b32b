using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// The result of RPCBPROC_GETSTAT (<c>rpcb_stat_byvers</c> of RFC 1833): rpcbind's counters for calls that
/// arrived as portmapper version 2, rpcbind version 3 and rpcbind version 4.
/// </summary>
/// <param name="Version2">The counters of portmapper version 2 calls.</param>
/// <param name="Version3">The counters of rpcbind version 3 calls.</param>
/// <param name="Version4">The counters of rpcbind version 4 calls.</param>
public sealed record RpcbindStatisticsByVersion(RpcbindStatistics Version2, RpcbindStatistics Version3, RpcbindStatistics Version4)
{
    /// <summary>Gets the counters of portmapper version 2 calls.</summary>
    public RpcbindStatistics Version2 { get; init; } = Version2 ?? throw new ArgumentNullException(nameof(Version2));

    /// <summary>Gets the counters of rpcbind version 3 calls.</summary>
    public RpcbindStatistics Version3 { get; init; } = Version3 ?? throw new ArgumentNullException(nameof(Version3));

    /// <summary>Gets the counters of rpcbind version 4 calls.</summary>
    public RpcbindStatistics Version4 { get; init; } = Version4 ?? throw new ArgumentNullException(nameof(Version4));

    /// <summary>Gets the codec of <c>rpcb_stat_byvers</c>: three <c>rpcb_stat</c> in a row.</summary>
    public static IXdrCodec<RpcbindStatisticsByVersion> Codec { get; } = new ByVersionCodec();

    private sealed class ByVersionCodec : IXdrCodec<RpcbindStatisticsByVersion>
    {
        public RpcbindStatisticsByVersion Read(ref XdrReader reader) =>
            new(RpcbindStatistics.Codec.Read(ref reader), RpcbindStatistics.Codec.Read(ref reader), RpcbindStatistics.Codec.Read(ref reader));

        public void Write(ref XdrWriter writer, RpcbindStatisticsByVersion value)
        {
            RpcbindStatistics.Codec.Write(ref writer, value.Version2);
            RpcbindStatistics.Codec.Write(ref writer, value.Version3);
            RpcbindStatistics.Codec.Write(ref writer, value.Version4);
        }

        public int GetEncodedSize(RpcbindStatisticsByVersion value) =>
            RpcbindStatistics.Codec.GetEncodedSize(value.Version2) +
            RpcbindStatistics.Codec.GetEncodedSize(value.Version3) +
            RpcbindStatistics.Codec.GetEncodedSize(value.Version4);
    }
}
