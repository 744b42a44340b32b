using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// rpcbind's counters for one protocol version (<c>struct rpcb_stat</c> of RFC 1833): calls per procedure,
/// registrations, address lookups and indirect calls.
/// </summary>
public sealed class RpcbindStatistics : IEquatable<RpcbindStatistics>
{
    /// <summary>The number of procedure counters in <see cref="ProcedureCalls"/> (<c>RPCBSTAT_HIGHPROC</c>): 13.</summary>
    public const int ProcedureCount = 13;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="procedureCalls">The number of calls of each procedure, indexed by procedure number; exactly <see cref="ProcedureCount"/> values.</param>
    /// <param name="setCount">The number of successful SET calls.</param>
    /// <param name="unsetCount">The number of successful UNSET calls.</param>
    /// <param name="addressLookups">The address lookup counters.</param>
    /// <param name="remoteCalls">The indirect call counters.</param>
    /// <exception cref="ArgumentException"><paramref name="procedureCalls"/> does not have <see cref="ProcedureCount"/> values.</exception>
    public RpcbindStatistics(
        IReadOnlyList<int> procedureCalls,
        int setCount,
        int unsetCount,
        IReadOnlyList<RpcbindAddressStatistic> addressLookups,
        IReadOnlyList<RpcbindRemoteCallStatistic> remoteCalls)
    {
        if (procedureCalls is null)
        {
            throw new ArgumentNullException(nameof(procedureCalls));
        }

        if (procedureCalls.Count != ProcedureCount)
        {
            throw new ArgumentException($"rpcbind statistics have {ProcedureCount} procedure counters, not {procedureCalls.Count}.", nameof(procedureCalls));
        }

        ProcedureCalls = procedureCalls;
        SetCount = setCount;
        UnsetCount = unsetCount;
        AddressLookups = addressLookups ?? throw new ArgumentNullException(nameof(addressLookups));
        RemoteCalls = remoteCalls ?? throw new ArgumentNullException(nameof(remoteCalls));
    }

    /// <summary>Gets the codec of <c>struct rpcb_stat</c>; its two lists are read in loops, capped by <see cref="XdrReaderOptions.MaxListLength"/>.</summary>
    public static IXdrCodec<RpcbindStatistics> Codec { get; } = new StatisticsCodec();

    /// <summary>Gets the number of calls of each procedure, indexed by procedure number (<c>info</c>).</summary>
    public IReadOnlyList<int> ProcedureCalls { get; }

    /// <summary>Gets the number of successful SET calls (<c>setinfo</c>).</summary>
    public int SetCount { get; }

    /// <summary>Gets the number of successful UNSET calls (<c>unsetinfo</c>).</summary>
    public int UnsetCount { get; }

    /// <summary>Gets the address lookup counters (<c>addrinfo</c>).</summary>
    public IReadOnlyList<RpcbindAddressStatistic> AddressLookups { get; }

    /// <summary>Gets the indirect call counters (<c>rmtinfo</c>).</summary>
    public IReadOnlyList<RpcbindRemoteCallStatistic> RemoteCalls { get; }

    /// <inheritdoc/>
    public bool Equals(RpcbindStatistics? other) =>
        other is not null &&
        SetCount == other.SetCount &&
        UnsetCount == other.UnsetCount &&
        ProcedureCalls.SequenceEqual(other.ProcedureCalls) &&
        AddressLookups.SequenceEqual(other.AddressLookups) &&
        RemoteCalls.SequenceEqual(other.RemoteCalls);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RpcbindStatistics);

    /// <inheritdoc/>
    public override int GetHashCode() => HashHelper.Combine(SetCount, UnsetCount, ProcedureCalls.Sum(), AddressLookups.Count, RemoteCalls.Count);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{{ ProcedureCalls = [{string.Join(", ", ProcedureCalls)}], SetCount = {SetCount}, UnsetCount = {UnsetCount}, AddressLookups = {AddressLookups.Count}, RemoteCalls = {RemoteCalls.Count} }}";

    private sealed class StatisticsCodec : IXdrCodec<RpcbindStatistics>
    {
        private static readonly IXdrCodec<RpcbindAddressStatistic> AddressCodec = new AddressStatisticCodec();
        private static readonly IXdrCodec<RpcbindRemoteCallStatistic> RemoteCallCodec = new RemoteCallStatisticCodec();

        public RpcbindStatistics Read(ref XdrReader reader)
        {
            int[] info = reader.ReadFixedArray(XdrCodec.Int32, ProcedureCount);
            int set = reader.ReadInt32();
            int unset = reader.ReadInt32();
            List<RpcbindAddressStatistic> addresses = reader.ReadLinkedList(AddressCodec);
            List<RpcbindRemoteCallStatistic> calls = reader.ReadLinkedList(RemoteCallCodec);
            return new RpcbindStatistics(info, set, unset, addresses, calls);
        }

        public void Write(ref XdrWriter writer, RpcbindStatistics value)
        {
            for (int i = 0; i < ProcedureCount; i++)
            {
                writer.WriteInt32(value.ProcedureCalls[i]);
            }

            writer.WriteInt32(value.SetCount);
            writer.WriteInt32(value.UnsetCount);
            writer.WriteLinkedList(AddressCodec, value.AddressLookups);
            writer.WriteLinkedList(RemoteCallCodec, value.RemoteCalls);
        }

        public int GetEncodedSize(RpcbindStatistics value) =>
            (4 * (ProcedureCount + 2)) + XdrSize.LinkedList(AddressCodec, value.AddressLookups) + XdrSize.LinkedList(RemoteCallCodec, value.RemoteCalls);
    }

    private sealed class AddressStatisticCodec : IXdrCodec<RpcbindAddressStatistic>
    {
        public RpcbindAddressStatistic Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());

        public void Write(ref XdrWriter writer, RpcbindAddressStatistic value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteInt32(value.Successes);
            writer.WriteInt32(value.Failures);
            writer.WriteString(value.NetId);
        }

        public int GetEncodedSize(RpcbindAddressStatistic value) => 16 + XdrSize.String(value.NetId);
    }

    private sealed class RemoteCallStatisticCodec : IXdrCodec<RpcbindRemoteCallStatistic>
    {
        public RpcbindRemoteCallStatistic Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());

        public void Write(ref XdrWriter writer, RpcbindRemoteCallStatistic value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteUInt32(value.Procedure);
            writer.WriteInt32(value.Successes);
            writer.WriteInt32(value.Failures);
            writer.WriteInt32(value.Indirect);
            writer.WriteString(value.NetId);
        }

        public int GetEncodedSize(RpcbindRemoteCallStatistic value) => 24 + XdrSize.String(value.NetId);
    }
}
