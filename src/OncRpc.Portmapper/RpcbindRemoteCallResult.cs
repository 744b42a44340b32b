using OncRpc.Xdr;

namespace OncRpc.Portmapper;

/// <summary>
/// The result of an indirect call through rpcbind (<c>struct rpcb_rmtcallres</c>): the universal address of the
/// called program and its encoded results.
/// </summary>
public sealed class RpcbindRemoteCallResult : IEquatable<RpcbindRemoteCallResult>
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="address">The universal address of the called program.</param>
    /// <param name="results">The XDR-encoded results of the procedure.</param>
    public RpcbindRemoteCallResult(string address, ReadOnlyMemory<byte> results)
    {
        Address = address ?? throw new ArgumentNullException(nameof(address));
        Results = results;
    }

    /// <summary>Gets the codec of <c>struct rpcb_rmtcallres</c>.</summary>
    public static IXdrCodec<RpcbindRemoteCallResult> Codec { get; } = new ResultCodec();

    /// <summary>Gets the universal address of the called program, as sent by the server.</summary>
    public string Address { get; }

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
    public bool Equals(RpcbindRemoteCallResult? other) =>
        other is not null && Address == other.Address && Results.Span.SequenceEqual(other.Results.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RpcbindRemoteCallResult);

    /// <inheritdoc/>
    public override int GetHashCode() => HashHelper.Combine(HashHelper.String(Address), Results.Length);

    /// <inheritdoc/>
    public override string ToString() => $"{{ Address = {Address}, Results = {Results.Length} bytes }}";

    private sealed class ResultCodec : IXdrCodec<RpcbindRemoteCallResult>
    {
        public RpcbindRemoteCallResult Read(ref XdrReader reader) => new(reader.ReadString(), reader.ReadOpaqueArray());

        public void Write(ref XdrWriter writer, RpcbindRemoteCallResult value)
        {
            writer.WriteString(value.Address);
            writer.WriteOpaque(value.Results.Span);
        }

        public int GetEncodedSize(RpcbindRemoteCallResult value) => XdrSize.String(value.Address) + XdrSize.Opaque(value.Results.Length);
    }
}
