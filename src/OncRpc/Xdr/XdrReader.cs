using System.Runtime.CompilerServices;

namespace OncRpc.Xdr;

/// <summary>
/// Reads XDR (RFC 4506) data from a span of bytes, without allocating for primitives or for opaque data read
/// as spans.
/// </summary>
/// <remarks>
/// <para>Every <c>ReadX</c> method either returns the value and moves forward, or throws
/// <see cref="XdrException"/> and leaves <see cref="Position"/> where it was. Lengths and counts are checked
/// against <see cref="BytesRemaining"/> and against <see cref="Options"/> before anything is allocated.</para>
/// <para>A record that arrives from a pipe in several segments is read from one contiguous span: the framing
/// layer hands a record that lies in one segment to the reader as it is, and copies it into a pooled buffer only
/// when it spans segments.</para>
/// </remarks>
public ref partial struct XdrReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly XdrReaderOptions? _options;
    private int _position;
    private int _depth;

    /// <summary>Initializes a reader over <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The XDR data.</param>
    /// <param name="options">Limits and strictness settings; <see langword="null"/> selects <see cref="XdrReaderOptions.Default"/>.</param>
    public XdrReader(ReadOnlySpan<byte> buffer, XdrReaderOptions? options = null)
    {
        _buffer = buffer;
        _options = options ?? XdrReaderOptions.Default;
        _position = 0;
    }

    /// <summary>Gets the limits and strictness settings of this reader.</summary>
    public readonly XdrReaderOptions Options => _options ?? XdrReaderOptions.Default;

    /// <summary>Gets or sets the offset of the next byte to read, from the start of the buffer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or beyond the end of the buffer.</exception>
    public int Position
    {
        readonly get => _position;
        set
        {
            if ((uint)value > (uint)_buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The position must lie within the buffer.");
            }

            _position = value;
        }
    }

    /// <summary>Gets the number of bytes not yet read.</summary>
    public readonly int BytesRemaining => _buffer.Length - _position;

    /// <summary>Gets a value indicating whether every byte has been read.</summary>
    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>Gets the bytes not yet read, without moving forward.</summary>
    public readonly ReadOnlySpan<byte> RemainingSpan => _buffer.Slice(_position);

    /// <summary>Reads a value with a codec; if the codec fails, the reader is moved back to where it was.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="codec">The codec that describes the value on the wire.</param>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">The data is malformed.</exception>
    public T Read<T>(IXdrCodec<T> codec)
    {
        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        int start = _position;
        try
        {
            return codec.Read(ref this);
        }
        catch
        {
            _position = start;
            throw;
        }
    }

    /// <summary>Reads XDR <c>void</c>: nothing.</summary>
    public readonly void ReadVoid()
    {
    }

    /// <summary>Throws if any byte remains unread.</summary>
    /// <exception cref="XdrException">Bytes remain.</exception>
    public readonly void ReadEnd()
    {
        if (_position != _buffer.Length)
        {
            throw new XdrException(
                $"Expected the end of the data at offset {_position}, but {_buffer.Length - _position} more bytes follow.",
                _position,
                XdrError.TrailingData);
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    /// <param name="count">The number of bytes to skip.</param>
    /// <exception cref="XdrException">Fewer bytes remain.</exception>
    public void Skip(int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        Ensure(count, "skipped data");
        _position += count;
    }

    /// <summary>Creates the exception for a union discriminant or enumeration value with no defined arm, at the current position.</summary>
    /// <param name="value">The discriminant that was read.</param>
    /// <param name="typeName">The name of the union or enumeration, for the message.</param>
    /// <returns>An exception to throw; the caller should move the reader back before throwing when it already consumed the discriminant, or use <see cref="Read{T}(IXdrCodec{T})"/>.</returns>
    public readonly XdrException InvalidDiscriminant(long value, string typeName) =>
        new($"The value {value} at offset {Math.Max(0, _position - 4)} is not a defined discriminant of {typeName}.", Math.Max(0, _position - 4), XdrError.InvalidDiscriminant);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Ensure(int count, string what)
    {
        if ((uint)count > (uint)(_buffer.Length - _position))
        {
            ThrowTruncated(count, what);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowTruncated(int count, string what) =>
        throw new XdrException(
            $"The data ends at offset {_buffer.Length} but the {what} at offset {_position} needs {count} bytes; only {_buffer.Length - _position} remain.",
            _position,
            XdrError.Truncated);

    private static int Padding(int length) => (4 - (length & 3)) & 3;
}
