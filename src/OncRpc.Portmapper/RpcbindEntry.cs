using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// One address of a program as returned by RPCBPROC_GETADDRLIST (<c>struct rpcb_entry</c> of RFC 1833): a merged
/// universal address and the transport it belongs to.
/// </summary>
/// <param name="Address">The merged universal address (<c>r_maddr</c>).</param>
/// <param name="NetId">The network identifier (<c>r_nc_netid</c>).</param>
/// <param name="Semantics">The transport semantics (<c>r_nc_semantics</c>).</param>
/// <param name="ProtocolFamily">The protocol family (<c>r_nc_protofmly</c>, for example <c>inet</c>, <c>inet6</c>, <c>loopback</c>).</param>
/// <param name="Protocol">The protocol name (<c>r_nc_proto</c>, for example <c>tcp</c>, <c>udp</c>, or <c>-</c>).</param>
public sealed record RpcbindEntry(string Address, string NetId, TransportSemantics Semantics, string ProtocolFamily, string Protocol)
{
    /// <summary>Gets the merged universal address.</summary>
    public string Address { get; init; } = Address ?? throw new ArgumentNullException(nameof(Address));

    /// <summary>Gets the network identifier.</summary>
    public string NetId { get; init; } = NetId ?? throw new ArgumentNullException(nameof(NetId));

    /// <summary>Gets the protocol family.</summary>
    public string ProtocolFamily { get; init; } = ProtocolFamily ?? throw new ArgumentNullException(nameof(ProtocolFamily));

    /// <summary>Gets the protocol name.</summary>
    public string Protocol { get; init; } = Protocol ?? throw new ArgumentNullException(nameof(Protocol));

    /// <summary>Gets the codec of <c>struct rpcb_entry</c>.</summary>
    public static IXdrCodec<RpcbindEntry> Codec { get; } = new EntryCodec();

    /// <summary>
    /// Gets the codec of <c>rpcb_entry_list_ptr</c>, the result of RPCBPROC_GETADDRLIST: a linked list read in a
    /// loop and capped by <see cref="XdrReaderOptions.MaxListLength"/>.
    /// </summary>
    public static IXdrCodec<IReadOnlyList<RpcbindEntry>> ListCodec { get; } = XdrCodec.LinkedList(Codec);

    private sealed class EntryCodec : IXdrCodec<RpcbindEntry>
    {
        public RpcbindEntry Read(ref XdrReader reader) =>
            new(reader.ReadString(), reader.ReadString(), (TransportSemantics)reader.ReadUInt32(), reader.ReadString(), reader.ReadString());

        public void Write(ref XdrWriter writer, RpcbindEntry value)
        {
            writer.WriteString(value.Address);
            writer.WriteString(value.NetId);
            writer.WriteUInt32((uint)value.Semantics);
            writer.WriteString(value.ProtocolFamily);
            writer.WriteString(value.Protocol);
        }

        public int GetEncodedSize(RpcbindEntry value) =>
            4 + XdrSize.String(value.Address) + XdrSize.String(value.NetId) + XdrSize.String(value.ProtocolFamily) + XdrSize.String(value.Protocol);
    }
}
