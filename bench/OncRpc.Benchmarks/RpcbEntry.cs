using OncRpc.Xdr;

namespace OncRpc.Benchmarks;

/// <summary>One rpcbind table entry (struct rpcb), as the DUMP result carries it.</summary>
public sealed class RpcbEntry
{
    public RpcbEntry(uint program, uint version, string netId, string address, string owner)
    {
        Program = program;
        Version = version;
        NetId = netId;
        Address = address;
        Owner = owner;
    }

    public uint Program { get; }

    public uint Version { get; }

    public string NetId { get; }

    public string Address { get; }

    public string Owner { get; }

    /// <summary>The codec of struct rpcb; the list pointer is handled by the linked-list reader and writer.</summary>
    public static IXdrCodec<RpcbEntry> Codec { get; } = new EntryCodec();

    private sealed class EntryCodec : IXdrCodec<RpcbEntry>
    {
        public RpcbEntry Read(ref XdrReader reader)
        {
            uint program = reader.ReadUInt32();
            uint version = reader.ReadUInt32();
            string netId = reader.ReadString();
            string address = reader.ReadString();
            string owner = reader.ReadString();
            return new RpcbEntry(program, version, netId, address, owner);
        }

        public void Write(ref XdrWriter writer, RpcbEntry value)
        {
            writer.WriteUInt32(value.Program);
            writer.WriteUInt32(value.Version);
            writer.WriteString(value.NetId);
            writer.WriteString(value.Address);
            writer.WriteString(value.Owner);
        }

        public int GetEncodedSize(RpcbEntry value) =>
            8 + XdrSize.String(value.NetId) + XdrSize.String(value.Address) + XdrSize.String(value.Owner);
    }
}
