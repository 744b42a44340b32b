using OncRpc.Xdr;

namespace OncRpc.Portmapper.Server;

/// <summary>Arguments and results of a forwarded call, passed through as they are: written verbatim, read to the end of the reply.</summary>
internal sealed class RawBytes : IXdrCodec<ReadOnlyMemory<byte>>
{
    public static readonly RawBytes Instance = new();

    public ReadOnlyMemory<byte> Read(ref XdrReader reader)
    {
        byte[] rest = reader.RemainingSpan.ToArray();
        reader.Skip(rest.Length);
        return rest;
    }

    public void Write(ref XdrWriter writer, ReadOnlyMemory<byte> value) => writer.WriteFixedOpaque(value.Span);

    public int GetEncodedSize(ReadOnlyMemory<byte> value) => XdrSize.FixedOpaque(value.Length);
}
