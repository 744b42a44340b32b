using OncRpc.Xdr;

namespace OncRpc.Framing;

/// <summary>
/// Framing of RPC messages over datagram transports (UDP): one message per datagram, no record mark; a received
/// message is decoded from exactly the bytes of its datagram.
/// </summary>
/// <remarks>
/// A receiver decodes with an <see cref="XdrReader"/> over the received bytes only (for example
/// <c>buffer.AsSpan(0, received)</c>), so no read can run past the datagram. A datagram that filled the whole
/// receive buffer may have been truncated by the operating system and should be treated as malformed.
/// </remarks>
public static class RpcDatagram
{
    /// <summary>The largest UDP payload over IPv4: 65,507 bytes (65,535 minus the IPv4 and UDP headers). Use it to size receive buffers.</summary>
    public const int MaxMessageSize = 65_507;

    /// <summary>Encodes <paramref name="value"/> as one datagram payload into <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="destination">The buffer to write into.</param>
    /// <param name="codec">The codec of the value; for an RPC message, one codec that writes the header and the arguments.</param>
    /// <param name="value">The value.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="codec"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The encoded message is longer than <paramref name="destination"/> or than <see cref="MaxMessageSize"/>, or the codec rejects the value.</exception>
    /// <exception cref="InvalidOperationException">The codec wrote a different number of bytes than its <see cref="IXdrCodec{T}.GetEncodedSize"/> announced.</exception>
    public static int Write<T>(Span<byte> destination, IXdrCodec<T> codec, T value)
    {
        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        int size = codec.GetEncodedSize(value);
        if (size > MaxMessageSize)
        {
            throw new ArgumentException($"The message is {size} bytes long; a datagram holds at most {MaxMessageSize}.", nameof(value));
        }

        if (size > destination.Length)
        {
            throw new ArgumentException($"The message is {size} bytes long; the destination holds only {destination.Length}.", nameof(destination));
        }

        var writer = new XdrWriter(destination.Slice(0, size));
        codec.Write(ref writer, value);
        if (writer.BytesWritten != size)
        {
            throw new InvalidOperationException($"The codec wrote {writer.BytesWritten} bytes but its GetEncodedSize announced {size}.");
        }

        return size;
    }
}
