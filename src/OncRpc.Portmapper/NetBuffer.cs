using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// A transport address in its binary form (<c>struct netbuf</c>), as exchanged by RPCBPROC_UADDR2TADDR and
/// RPCBPROC_TADDR2UADDR. The bytes are platform-shaped (on Linux, a <c>struct sockaddr</c>): treat them as opaque.
/// </summary>
public sealed class NetBuffer : IEquatable<NetBuffer>
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="maxLength">The capacity the sender declares for the buffer (<c>maxlen</c>).</param>
    /// <param name="buffer">The address bytes.</param>
    public NetBuffer(uint maxLength, ReadOnlyMemory<byte> buffer)
    {
        MaxLength = maxLength;
        Buffer = buffer;
    }

    /// <summary>Initializes a new instance whose declared capacity is the length of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The address bytes.</param>
    public NetBuffer(ReadOnlyMemory<byte> buffer)
        : this((uint)buffer.Length, buffer)
    {
    }

    /// <summary>Gets the codec of <c>struct netbuf</c> (<c>unsigned int maxlen</c>, <c>opaque buf&lt;&gt;</c>).</summary>
    public static IXdrCodec<NetBuffer> Codec { get; } = new NetBufferCodec();

    /// <summary>Gets the capacity the sender declares for the buffer (<c>maxlen</c>).</summary>
    public uint MaxLength { get; }

    /// <summary>Gets the address bytes.</summary>
    public ReadOnlyMemory<byte> Buffer { get; }

    /// <inheritdoc/>
    public bool Equals(NetBuffer? other) =>
        other is not null && MaxLength == other.MaxLength && Buffer.Span.SequenceEqual(other.Buffer.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NetBuffer);

    /// <inheritdoc/>
    public override int GetHashCode() => HashHelper.Combine((int)MaxLength, Buffer.Length);

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder(Buffer.Length * 2);
        foreach (byte b in Buffer.Span)
        {
            text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return $"{{ MaxLength = {MaxLength}, Buffer = {text} }}";
    }

    private sealed class NetBufferCodec : IXdrCodec<NetBuffer>
    {
        public NetBuffer Read(ref XdrReader reader) => new(reader.ReadUInt32(), reader.ReadOpaqueArray());

        public void Write(ref XdrWriter writer, NetBuffer value)
        {
            writer.WriteUInt32(value.MaxLength);
            writer.WriteOpaque(value.Buffer.Span);
        }

        public int GetEncodedSize(NetBuffer value) => 4 + XdrSize.Opaque(value.Buffer.Length);
    }
}
