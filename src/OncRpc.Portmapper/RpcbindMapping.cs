using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// An rpcbind version 3 and 4 registration (<c>struct rpcb</c> of RFC 1833): a program and version reachable at a
/// universal address over a transport, and who registered it.
/// </summary>
/// <param name="Program">The program number.</param>
/// <param name="Version">The version number.</param>
/// <param name="NetId">The network identifier of the transport (for example <c>tcp</c>, <c>udp6</c>, <c>local</c>); see <see cref="Portmapper.NetId"/>.</param>
/// <param name="Address">The universal address (RFC 5665); empty in requests where it is ignored. Parse it with <see cref="UniversalAddress.Parse(string, string?)"/>.</param>
/// <param name="Owner">The owner of the registration (rpcbind fills it in: <c>superuser</c> or a user id); empty in requests.</param>
public sealed record RpcbindMapping(uint Program, uint Version, string NetId, string Address, string Owner)
{
    /// <summary>Gets the network identifier of the transport.</summary>
    public string NetId { get; init; } = NetId ?? throw new ArgumentNullException(nameof(NetId));

    /// <summary>Gets the universal address.</summary>
    public string Address { get; init; } = Address ?? throw new ArgumentNullException(nameof(Address));

    /// <summary>Gets the owner of the registration.</summary>
    public string Owner { get; init; } = Owner ?? throw new ArgumentNullException(nameof(Owner));

    /// <summary>Gets the codec of <c>struct rpcb</c>.</summary>
    public static IXdrCodec<RpcbindMapping> Codec { get; } = new MappingCodec();

    /// <summary>
    /// Gets the codec of <c>rpcblist_ptr</c>, the result of RPCBPROC_DUMP: a linked list read in a loop and capped
    /// by <see cref="XdrReaderOptions.MaxListLength"/>.
    /// </summary>
    public static IXdrCodec<IReadOnlyList<RpcbindMapping>> ListCodec { get; } = XdrCodec.LinkedList(Codec);

    private sealed class MappingCodec : IXdrCodec<RpcbindMapping>
    {
        public RpcbindMapping Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadString(), reader.ReadString(), reader.ReadString());

        public void Write(ref XdrWriter writer, RpcbindMapping value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteString(value.NetId);
            writer.WriteString(value.Address);
            writer.WriteString(value.Owner);
        }

        public int GetEncodedSize(RpcbindMapping value) =>
            8 + XdrSize.String(value.NetId) + XdrSize.String(value.Address) + XdrSize.String(value.Owner);
    }
}
