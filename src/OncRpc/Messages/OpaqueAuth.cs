using OncRpc.Xdr;

namespace OncRpc.Messages;

/// <summary>
/// A credential or verifier as it travels in a call or reply (<c>opaque_auth</c> in RFC 5531): a flavor and up
/// to <see cref="MaxBodyLength"/> bytes whose meaning depends on the flavor.
/// </summary>
/// <remarks>
/// The default value is <see cref="None"/>. A body decoded by <see cref="Codec"/> is a private copy (at most
/// <see cref="MaxBodyLength"/> bytes; an empty body allocates nothing), so it outlives the buffer it was read
/// from. Flavors this library does not know keep their number and body, which lets a server answer them with
/// <see cref="RejectStatus.AuthError"/>.
/// </remarks>
public readonly struct OpaqueAuth : IEquatable<OpaqueAuth>
{
    /// <summary>The largest body RFC 5531 allows, in bytes.</summary>
    public const int MaxBodyLength = 400;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="flavor">The authentication flavor; any number is accepted.</param>
    /// <param name="body">The flavor-specific body. The memory is referenced, not copied.</param>
    /// <exception cref="ArgumentException"><paramref name="body"/> is longer than <see cref="MaxBodyLength"/> bytes.</exception>
    public OpaqueAuth(AuthFlavor flavor, ReadOnlyMemory<byte> body)
    {
        if (body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"An authentication body is {body.Length} bytes long; at most {MaxBodyLength} are allowed.", nameof(body));
        }

        Flavor = flavor;
        Body = body;
    }

    /// <summary>Gets the <c>AUTH_NONE</c> credential or verifier with an empty body.</summary>
    public static OpaqueAuth None => default;

    /// <summary>Gets the codec of <c>opaque_auth</c>: the flavor, then the body as <c>opaque&lt;400&gt;</c>.</summary>
    public static IXdrCodec<OpaqueAuth> Codec { get; } = new OpaqueAuthCodec();

    /// <summary>Gets the authentication flavor.</summary>
    public AuthFlavor Flavor { get; }

    /// <summary>Gets the flavor-specific body, at most <see cref="MaxBodyLength"/> bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the number of bytes this value takes on the wire.</summary>
    internal int EncodedSize => 8 + XdrSize.Align(Body.Length);

    /// <summary>Determines whether two values have the same flavor and the same body bytes.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(OpaqueAuth left, OpaqueAuth right) => left.Equals(right);

    /// <summary>Determines whether two values differ in flavor or body bytes.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(OpaqueAuth left, OpaqueAuth right) => !left.Equals(right);

    /// <summary>Determines whether this value has the same flavor and body bytes as <paramref name="other"/>.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(OpaqueAuth other) => Flavor == other.Flavor && Body.Span.SequenceEqual(other.Body.Span);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OpaqueAuth other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => ((int)Flavor * 397) ^ Body.Length;

    /// <summary>Returns the flavor and the body length, never the body itself (it may be a secret).</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Flavor} ({Body.Length} bytes)";

    internal static OpaqueAuth ReadFrom(ref XdrReader reader)
    {
        int start = reader.Position;
        var flavor = (AuthFlavor)reader.ReadInt32();
        ReadOnlySpan<byte> body;
        try
        {
            body = reader.ReadOpaque(MaxBodyLength);
        }
        catch (XdrException)
        {
            reader.Position = start;
            throw;
        }

        // A private copy: the record the body came from is usually a pooled buffer that is reused after the call.
        return new OpaqueAuth(flavor, body.IsEmpty ? ReadOnlyMemory<byte>.Empty : body.ToArray());
    }

    internal void WriteTo(ref XdrWriter writer)
    {
        writer.WriteInt32((int)Flavor);
        writer.WriteOpaque(Body.Span, MaxBodyLength);
    }

    private sealed class OpaqueAuthCodec : IXdrCodec<OpaqueAuth>
    {
        public OpaqueAuth Read(ref XdrReader reader) => ReadFrom(ref reader);

        public void Write(ref XdrWriter writer, OpaqueAuth value) => value.WriteTo(ref writer);

        public int GetEncodedSize(OpaqueAuth value) => value.EncodedSize;
    }
}
