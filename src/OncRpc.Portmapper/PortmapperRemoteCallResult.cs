using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>The result of the portmapper's PMAPPROC_CALLIT: the port of the called program and its encoded results.</summary>
public sealed class PortmapperRemoteCallResult : IEquatable<PortmapperRemoteCallResult>
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="port">The port the called program is registered on.</param>
    /// <param name="results">The XDR-encoded results of the procedure.</param>
    public PortmapperRemoteCallResult(uint port, ReadOnlyMemory<byte> results)
    {
        Port = port;
        Results = results;
    }

    /// <summary>Gets the codec of the CALLIT result (<c>port</c>, <c>opaque res&lt;&gt;</c>).</summary>
    public static IXdrCodec<PortmapperRemoteCallResult> Codec { get; } = new ResultCodec();

    /// <summary>Gets the port the called program is registered on.</summary>
    public uint Port { get; }

    /// <summary>Gets the XDR-encoded results of the procedure.</summary>
    public ReadOnlyMemory<byte> Results { get; }

    /// <summary>Decodes <see cref="Results"/> with a codec.</summary>
    /// <typeparam name="T">The type of the results.</typeparam>
    /// <param name="codec">The codec of the results.</param>
    /// <param name="options">The reader limits; <see langword="null"/> selects the defaults.</param>
    /// <returns>The results.</returns>
    /// <exception cref="XdrException">The results are malformed or do not use every byte.</exception>
    public T DecodeResults<T>(IXdrCodec<T> codec, XdrReaderOptions? options = null) => RemoteCallDecoding.Decode(Results, codec, options);

    /// <inheritdoc/>
    public bool Equals(PortmapperRemoteCallResult? other) =>
        other is not null && Port == other.Port && Results.Span.SequenceEqual(other.Results.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PortmapperRemoteCallResult);

    /// <inheritdoc/>
    public override int GetHashCode() => HashHelper.Combine((int)Port, Results.Length);

    /// <inheritdoc/>
    public override string ToString() => $"{{ Port = {Port}, Results = {Results.Length} bytes }}";

    private sealed class ResultCodec : IXdrCodec<PortmapperRemoteCallResult>
    {
        public PortmapperRemoteCallResult Read(ref XdrReader reader) => new(reader.ReadUInt32(), reader.ReadOpaqueArray());

        public void Write(ref XdrWriter writer, PortmapperRemoteCallResult value)
        {
            writer.WriteUInt32(value.Port);
            writer.WriteOpaque(value.Results.Span);
        }

        public int GetEncodedSize(PortmapperRemoteCallResult value) => 4 + XdrSize.Opaque(value.Results.Length);
    }
}
