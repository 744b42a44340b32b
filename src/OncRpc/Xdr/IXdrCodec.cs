namespace OncRpc.Xdr;

/// <summary>
/// Describes how a value of type <typeparamref name="T"/> is written to and read from XDR. This is the one
/// composition mechanism of the library: RPC messages, rpcbind structures and users' own structs, unions and
/// lists are all codecs, built by hand or from the ones in <see cref="XdrCodec"/>, with no reflection.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
/// <remarks>
/// Implementations should be stateless singletons. <see cref="Read"/> reads fields in wire order and may leave
/// the reader anywhere when it throws: callers that need the reader restored use
/// <see cref="XdrReader.Read{T}(IXdrCodec{T})"/>. A union codec reads its discriminant, then its arm, and throws
/// the exception from <see cref="XdrReader.InvalidDiscriminant"/> for a discriminant with no arm.
/// <para>A discriminated union needs no special support: model it as a <see langword="readonly"/> struct (or a
/// small class hierarchy) holding the discriminant and the arms' fields, and write a codec whose
/// <see cref="Read"/> switches on the discriminant it just read, whose <see cref="Write"/> writes the
/// discriminant and then only the selected arm (throwing <see cref="ArgumentException"/> for a discriminant the
/// union does not define), and whose <see cref="GetEncodedSize"/> adds 4 to the selected arm's size. A
/// <c>void</c> arm reads and writes nothing.</para>
/// </remarks>
public interface IXdrCodec<T>
{
    /// <summary>Reads a value.</summary>
    /// <param name="reader">The reader, positioned at the value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">The data is malformed.</exception>
    T Read(ref XdrReader reader);

    /// <summary>Writes a value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The value does not fit the type (for example a string longer than its declared maximum).</exception>
    void Write(ref XdrWriter writer, T value);

    /// <summary>Computes the number of bytes <see cref="Write"/> would produce, without writing.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The encoded size in bytes, a multiple of 4.</returns>
    int GetEncodedSize(T value);
}
