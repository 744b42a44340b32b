using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace OncRpc.Xdr;

public ref partial struct XdrWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes fixed-length opaque data (<c>opaque[n]</c>): the bytes, then zero padding to a multiple of 4.</summary>
    /// <param name="value">The bytes; their count is the declared length.</param>
    public void WriteFixedOpaque(scoped ReadOnlySpan<byte> value)
    {
        int pad = Padding(value.Length);
        Ensure(value.Length + pad);
        Span<byte> dest = _span.Slice(_position);
        value.CopyTo(dest);
        dest.Slice(value.Length, pad).Clear();
        _position += value.Length + pad;
    }

    /// <summary>Writes variable-length opaque data (<c>opaque&lt;max&gt;</c>): the length, the bytes, zero padding.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="maxLength">The declared maximum of the type.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is longer than <paramref name="maxLength"/>.</exception>
    public void WriteOpaque(scoped ReadOnlySpan<byte> value, int maxLength = int.MaxValue)
    {
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"The opaque data is {value.Length} bytes long; the type allows at most {maxLength}.", nameof(value));
        }

        int pad = Padding(value.Length);
        Ensure(4 + value.Length + pad);
        Span<byte> dest = _span.Slice(_position);
        BinaryPrimitives.WriteUInt32BigEndian(dest, (uint)value.Length);
        value.CopyTo(dest.Slice(4));
        dest.Slice(4 + value.Length, pad).Clear();
        _position += 4 + value.Length + pad;
    }

    /// <summary>Writes an XDR <c>string&lt;max&gt;</c> from raw bytes.</summary>
    /// <param name="value">The bytes of the string.</param>
    /// <param name="maxLength">The declared maximum of the type.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is longer than <paramref name="maxLength"/>.</exception>
    public void WriteStringBytes(scoped ReadOnlySpan<byte> value, int maxLength = int.MaxValue) => WriteOpaque(value, maxLength);

    /// <summary>Writes an XDR <c>string&lt;max&gt;</c> encoded as UTF-8.</summary>
    /// <param name="value">The string.</param>
    /// <param name="maxLength">The declared maximum of the type, in bytes.</param>
    /// <exception cref="ArgumentException">The encoded string is longer than <paramref name="maxLength"/> or contains an unpaired surrogate.</exception>
    public void WriteString(string value, int maxLength = int.MaxValue)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        if (value.Length <= maxLength && TryWriteAscii(value))
        {
            return;
        }

        // When the worst case fits, encode in place and fill in the length afterwards (one pass).
        int worst = (value.Length * 3) + 7;
        int length;
        if (value.Length <= 0x2AAA_AAA && worst <= _span.Length - _position)
        {
            length = Encode(value, _span.Slice(_position + 4));
        }
        else
        {
            length = ByteCount(value);
            Ensure(4 + length + Padding(length));
            Encode(value, _span.Slice(_position + 4));
        }

        if (length > maxLength)
        {
            throw new ArgumentException($"The string is {length} bytes long in UTF-8; the type allows at most {maxLength}.", nameof(value));
        }

        BinaryPrimitives.WriteUInt32BigEndian(_span.Slice(_position), (uint)length);
        int pad = Padding(length);
        _span.Slice(_position + 4 + length, pad).Clear();
        _position += 4 + length + pad;
    }

    // RPC strings are nearly always ASCII: one byte per char, so the length is known before encoding and the
    // general transcoder (whose set-up cost dominates for short strings) is not needed.
    private bool TryWriteAscii(string value)
    {
        int length = value.Length;
        if (length > 0x7FFF_FFF0)
        {
            return false;
        }

        int pad = Padding(length);
        int total = 4 + length + pad;
        if ((uint)total > (uint)(_span.Length - _position))
        {
            if (_output is null)
            {
                // The general path reports the destination that is too small.
                return false;
            }

            Grow(total);
        }

        Span<byte> dest = _span.Slice(_position, total);

        // Zero the last word first: it holds the padding, and the text overwrites whatever part of it is text.
        BinaryPrimitives.WriteUInt32BigEndian(dest.Slice(total - 4), 0);
#if NET
        if (length > 16)
        {
            if (System.Text.Ascii.FromUtf16(value.AsSpan(), dest.Slice(4, length), out _) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }
        }
        else
#endif
        if (!NarrowAscii(value, dest.Slice(4, length)))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(dest, (uint)length);
        _position += total;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NarrowAscii(string value, Span<byte> destination)
    {
        ref char source = ref MemoryMarshal.GetReference(value.AsSpan());
        ref byte target = ref MemoryMarshal.GetReference(destination);
        int any = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            char c = Unsafe.Add(ref source, i);
            any |= c;
            Unsafe.Add(ref target, i) = (byte)c;
        }

        return any < 0x80;
    }

    private static unsafe int Encode(string value, Span<byte> destination)
    {
        try
        {
#if NET
            return StrictUtf8.GetBytes(value.AsSpan(), destination);
#else
            if (value.Length == 0)
            {
                return 0;
            }

            fixed (char* c = value)
            fixed (byte* b = destination)
            {
                return StrictUtf8.GetBytes(c, value.Length, b, destination.Length);
            }
#endif
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The string contains an unpaired surrogate and cannot be encoded as UTF-8.", nameof(value), ex);
        }
    }

    internal static int ByteCount(string value)
    {
#if NET
        if (System.Text.Ascii.IsValid(value))
        {
            return value.Length;
        }
#else
        int any = 0;
        foreach (char c in value)
        {
            any |= c;
        }

        if (any < 0x80)
        {
            return value.Length;
        }
#endif

        try
        {
            return StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The string contains an unpaired surrogate and cannot be encoded as UTF-8.", nameof(value), ex);
        }
    }
}
