using OncRpc.Xdr;

namespace OncRpc.Tests.Xdr;

/// <summary>
/// Test-local codecs for the portmapper and rpcbind bodies in the recorded vectors (RFC 1833), built only from
/// the XDR layer's primitives and combinators. They exercise the composition mechanism; the production codecs
/// live in OncRpc.Portmapper.
/// </summary>
internal static class RpcbindFixtureCodecs
{
    /// <summary>struct mapping { unsigned int prog, vers, prot, port; }</summary>
    public static readonly IXdrCodec<Mapping> MappingCodec = new MappingImpl();

    /// <summary>pmaplist: a linked list of mappings.</summary>
    public static readonly IXdrCodec<IReadOnlyList<Mapping>> PmapList = XdrCodec.LinkedList(MappingCodec);

    /// <summary>struct rpcb { prog, vers, string r_netid, string r_addr, string r_owner }</summary>
    public static readonly IXdrCodec<Rpcb> RpcbCodec = new RpcbImpl();

    /// <summary>rpcblist: a linked list of rpcb.</summary>
    public static readonly IXdrCodec<IReadOnlyList<Rpcb>> RpcbList = XdrCodec.LinkedList(RpcbCodec);

    /// <summary>struct netbuf { unsigned int maxlen; opaque buf&lt;&gt;; }</summary>
    public static readonly IXdrCodec<Netbuf> NetbufCodec = new NetbufImpl();

    /// <summary>rpcb_entry_list: a linked list of rpcb_entry.</summary>
    public static readonly IXdrCodec<IReadOnlyList<RpcbEntry>> EntryList = XdrCodec.LinkedList<RpcbEntry>(new EntryImpl());

    /// <summary>rpcb_stat_byvers: rpcb_stat[3].</summary>
    public static readonly IXdrCodec<RpcbStat[]> StatByVersion = XdrCodec.FixedArray<RpcbStat>(new StatImpl(), 3);

    /// <summary>The mismatch_info of PROG_MISMATCH: two unsigned ints.</summary>
    public static readonly IXdrCodec<uint[]> MismatchInfo = XdrCodec.FixedArray(XdrCodec.UInt32, 2);

    private static readonly IXdrCodec<IReadOnlyList<AddrStat>> AddrList = XdrCodec.LinkedList<AddrStat>(new AddrStatImpl());
    private static readonly IXdrCodec<IReadOnlyList<RmtCallStat>> RmtCallList = XdrCodec.LinkedList<RmtCallStat>(new RmtCallStatImpl());
    private static readonly IXdrCodec<int[]> ProcInfo = XdrCodec.FixedArray(XdrCodec.Int32, 13);

    private sealed class MappingImpl : IXdrCodec<Mapping>
    {
        public Mapping Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());

        public void Write(ref XdrWriter writer, Mapping value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteUInt32(value.Protocol);
            writer.WriteUInt32(value.Port);
        }

        public int GetEncodedSize(Mapping value) => 16;
    }

    private sealed class RpcbImpl : IXdrCodec<Rpcb>
    {
        public Rpcb Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadString(), reader.ReadString(), reader.ReadString());

        public void Write(ref XdrWriter writer, Rpcb value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteString(value.NetId);
            writer.WriteString(value.Address);
            writer.WriteString(value.Owner);
        }

        public int GetEncodedSize(Rpcb value) =>
            8 + XdrSize.String(value.NetId) + XdrSize.String(value.Address) + XdrSize.String(value.Owner);
    }

    private sealed class NetbufImpl : IXdrCodec<Netbuf>
    {
        public Netbuf Read(ref XdrReader reader) => new(reader.ReadUInt32(), reader.ReadOpaqueArray());

        public void Write(ref XdrWriter writer, Netbuf value)
        {
            writer.WriteUInt32(value.MaxLength);
            writer.WriteOpaque(value.Buffer);
        }

        public int GetEncodedSize(Netbuf value) => 4 + XdrSize.Opaque(value.Buffer.Length);
    }

    private sealed class EntryImpl : IXdrCodec<RpcbEntry>
    {
        public RpcbEntry Read(ref XdrReader reader) =>
            new(reader.ReadString(), reader.ReadString(), reader.ReadUInt32(), reader.ReadString(), reader.ReadString());

        public void Write(ref XdrWriter writer, RpcbEntry value)
        {
            writer.WriteString(value.Address);
            writer.WriteString(value.NetId);
            writer.WriteUInt32(value.Semantics);
            writer.WriteString(value.ProtocolFamily);
            writer.WriteString(value.Protocol);
        }

        public int GetEncodedSize(RpcbEntry value) =>
            XdrSize.String(value.Address) + XdrSize.String(value.NetId) + 4 + XdrSize.String(value.ProtocolFamily) + XdrSize.String(value.Protocol);
    }

    private sealed class AddrStatImpl : IXdrCodec<AddrStat>
    {
        public AddrStat Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());

        public void Write(ref XdrWriter writer, AddrStat value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteInt32(value.Success);
            writer.WriteInt32(value.Failure);
            writer.WriteString(value.NetId);
        }

        public int GetEncodedSize(AddrStat value) => 16 + XdrSize.String(value.NetId);
    }

    private sealed class RmtCallStatImpl : IXdrCodec<RmtCallStat>
    {
        public RmtCallStat Read(ref XdrReader reader) =>
            new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());

        public void Write(ref XdrWriter writer, RmtCallStat value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteUInt32(value.Procedure);
            writer.WriteInt32(value.Success);
            writer.WriteInt32(value.Failure);
            writer.WriteInt32(value.Indirect);
            writer.WriteString(value.NetId);
        }

        public int GetEncodedSize(RmtCallStat value) => 24 + XdrSize.String(value.NetId);
    }

    private sealed class StatImpl : IXdrCodec<RpcbStat>
    {
        public RpcbStat Read(ref XdrReader reader) =>
            new(ProcInfo.Read(ref reader), reader.ReadInt32(), reader.ReadInt32(), AddrList.Read(ref reader), RmtCallList.Read(ref reader));

        public void Write(ref XdrWriter writer, RpcbStat value)
        {
            ProcInfo.Write(ref writer, value.Info);
            writer.WriteInt32(value.SetInfo);
            writer.WriteInt32(value.UnsetInfo);
            AddrList.Write(ref writer, value.Addresses);
            RmtCallList.Write(ref writer, value.RemoteCalls);
        }

        public int GetEncodedSize(RpcbStat value) =>
            ProcInfo.GetEncodedSize(value.Info) + 8 + AddrList.GetEncodedSize(value.Addresses) + RmtCallList.GetEncodedSize(value.RemoteCalls);
    }
}

internal readonly record struct Mapping(uint Program, uint Version, uint Protocol, uint Port);

internal sealed record Rpcb(uint Program, uint Version, string NetId, string Address, string Owner);

internal sealed record Netbuf(uint MaxLength, byte[] Buffer);

internal sealed record RpcbEntry(string Address, string NetId, uint Semantics, string ProtocolFamily, string Protocol);

internal sealed record AddrStat(uint Program, uint Version, int Success, int Failure, string NetId);

internal sealed record RmtCallStat(uint Program, uint Version, uint Procedure, int Success, int Failure, int Indirect, string NetId);

internal sealed record RpcbStat(int[] Info, int SetInfo, int UnsetInfo, IReadOnlyList<AddrStat> Addresses, IReadOnlyList<RmtCallStat> RemoteCalls);
