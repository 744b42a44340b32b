using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// A portmapper version 2 mapping (<c>struct mapping</c> of RFC 1833): a program and version reachable on a port
/// over an IP protocol.
/// </summary>
/// <param name="Program">The program number.</param>
/// <param name="Version">The version number.</param>
/// <param name="Protocol">The IP protocol number: <see cref="Tcp"/> (6) or <see cref="Udp"/> (17).</param>
/// <param name="Port">The port number; ignored by UNSET and GETPORT requests.</param>
public readonly record struct PortMapping(uint Program, uint Version, uint Protocol, uint Port)
{
    /// <summary>The IP protocol number of TCP: 6.</summary>
    public const uint Tcp = 6;

    /// <summary>The IP protocol number of UDP: 17.</summary>
    public const uint Udp = 17;

    /// <summary>Gets the codec of <c>struct mapping</c>.</summary>
    public static IXdrCodec<PortMapping> Codec { get; } = new MappingCodec();

    /// <summary>
    /// Gets the codec of <c>pmaplist *</c>, the result of PMAPPROC_DUMP: a linked list read in a loop and capped
    /// by <see cref="XdrReaderOptions.MaxListLength"/>.
    /// </summary>
    public static IXdrCodec<IReadOnlyList<PortMapping>> ListCodec { get; } = XdrCodec.LinkedList(Codec);

    private sealed class MappingCodec : IXdrCodec<PortMapping>
    {
        public PortMapping Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());

        public void Write(ref XdrWriter writer, PortMapping value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteUInt32(value.Protocol);
            writer.WriteUInt32(value.Port);
        }

        public int GetEncodedSize(PortMapping value) => 16;
    }
}
