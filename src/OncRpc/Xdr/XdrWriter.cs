using System.Buffers;
using System.Runtime.CompilerServices;

namespace OncRpc.Xdr;

/// <summary>
/// Writes XDR (RFC 4506) data into a fixed <see cref="Span{T}"/> or an <see cref="IBufferWriter{T}"/>, without
/// allocating.
/// </summary>
/// <remarks>
/// Over an <see cref="IBufferWriter{T}"/> the writer asks for memory in chunks and keeps what it wrote buffered:
/// call <see cref="Flush"/> when done so the buffer writer is advanced past it. Over a fixed span, writing past
/// its end throws <see cref="ArgumentException"/>; use <see cref="XdrSize"/> or
/// <see cref="IXdrCodec{T}.GetEncodedSize"/> to size it first.
/// </remarks>
public ref partial struct XdrWriter
{
    private const int MinimumChunk = 256;

    private readonly IBufferWriter<byte>? _output;
    private Span<byte> _span;
    private int _position;
    private long _flushed;

    /// <summary>Initializes a writer that fills <paramref name="destination"/>.</summary>
    /// <param name="destination">The buffer to write into.</param>
    public XdrWriter(Span<byte> destination)
    {
        _output = null;
        _span = destination;
        _position = 0;
        _flushed = 0;
    }

    /// <summary>Initializes a writer that appends to <paramref name="output"/>; call <see cref="Flush"/> when done.</summary>
    /// <param name="output">The buffer writer to append to.</param>
    public XdrWriter(IBufferWriter<byte> output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _span = default;
        _position = 0;
        _flushed = 0;
    }

    /// <summary>Gets the number of bytes written so far, flushed or not.</summary>
    public readonly long BytesWritten => _flushed + _position;

    /// <summary>Gets the bytes written into the fixed destination span; empty when writing to an <see cref="IBufferWriter{T}"/>.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _output is null ? _span.Slice(0, _position) : default;

    /// <summary>Advances the underlying <see cref="IBufferWriter{T}"/> past the bytes written since the last flush. Does nothing over a fixed span.</summary>
    public void Flush()
    {
        if (_output is not null && _position > 0)
        {
            _output.Advance(_position);
            _flushed += _position;
            _span = default;
            _position = 0;
        }
    }

    /// <summary>Writes a value with a codec.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="codec">The codec that describes the value on the wire.</param>
    /// <param name="value">The value.</param>
    public void Write<T>(IXdrCodec<T> codec, T value)
    {
        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        codec.Write(ref this, value);
    }

    /// <summary>Writes XDR <c>void</c>: nothing.</summary>
    public readonly void WriteVoid()
    {
    }

    /// <summary>Returns a span of at least <paramref name="count"/> bytes at the current position, for writing raw bytes, to be followed by <see cref="Advance"/>.</summary>
    /// <param name="count">The number of bytes needed.</param>
    /// <returns>A span of at least <paramref name="count"/> bytes.</returns>
    public Span<byte> GetSpan(int count)
    {
        Ensure(count);
        return _span.Slice(_position);
    }

    /// <summary>Moves forward past <paramref name="count"/> bytes written into the span from <see cref="GetSpan"/>.</summary>
    /// <param name="count">The number of bytes written.</param>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_span.Length - _position))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _position += count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int count)
    {
        if ((uint)count > (uint)(_span.Length - _position))
        {
            Grow(count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        if (count < 0)
        {
            throw new ArgumentException("The data is too large to be written as XDR.", nameof(count));
        }

        if (_output is null)
        {
            throw new ArgumentException(
                $"The destination is too small: {count} more bytes are needed at offset {_position} but only {_span.Length - _position} remain.",
                "destination");
        }

        Flush();
        _span = _output.GetSpan(Math.Max(count, MinimumChunk));
        if (_span.Length < count)
        {
            throw new InvalidOperationException("The buffer writer returned less memory than requested.");
        }
    }

    private static int Padding(int length) => (4 - (length & 3)) & 3;
}
