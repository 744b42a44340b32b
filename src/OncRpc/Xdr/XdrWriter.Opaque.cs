using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
#if NET
using System.Runtime.Intrinsics;
#endif

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

        int total = 4 + ((value.Length + 3) & ~3);
        Ensure(total);
        int start = _position;

        // Zero the last word first: it holds the padding, and the data overwrites whatever part of it is data.
        Put32(start + total - 4, 0);
        Put32(start, (uint)value.Length);
        value.CopyTo(_span.Slice(start + 4));
        _position = start + total;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteString(string value, int maxLength = int.MaxValue)
    {
        if (value is null || value.Length > maxLength || !TryWriteAscii(value))
        {
            WriteStringSlow(value!, maxLength);
        }
    }

    private void WriteStringSlow(string value, int maxLength)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
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

        int total = 4 + ((length + 3) & ~3);
        if ((uint)total > (uint)(_span.Length - _position))
        {
            if (_output is null)
            {
                // The general path reports the destination that is too small.
                return false;
            }

            Grow(total);
        }

        int start = _position;

        // Zero the last word first: it holds the padding, and the text overwrites whatever part of it is text.
        Put32(start + total - 4, 0);
        if (!NarrowAscii(value, ref Unsafe.Add(ref MemoryMarshal.GetReference(_span), (nint)(uint)(start + 4))))
        {
            return false;
        }

        Put32(start, (uint)length);
        _position = start + total;
        return true;
    }

    // Copies the low byte of every char to target (value.Length bytes) and reports whether all chars were ASCII.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NarrowAscii(string value, ref byte target)
    {
        int length = value.Length;
        ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
        int i = 0;
#if NET
        if (Vector128.IsHardwareAccelerated && length >= 8)
        {
            Vector128<ushort> seen = Vector128<ushort>.Zero;
            for (; i <= length - 8; i += 8)
            {
                seen |= Narrow8(ref source, ref target, i);
            }

            if (i < length)
            {
                // The last block overlaps the previous one rather than falling back to single chars.
                seen |= Narrow8(ref source, ref target, length - 8);
            }

            return (seen & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
        }
#endif
        ulong any = 0;
        if (BitConverter.IsLittleEndian)
        {
            for (; i <= length - 4; i += 4)
            {
                ulong chars = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref source, i)));
                any |= chars;
                uint packed = (uint)(chars & 0xFF) | (uint)((chars >> 8) & 0xFF00) | (uint)((chars >> 16) & 0xFF_0000) | (uint)((chars >> 24) & 0xFF00_0000);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, i), packed);
            }
        }

        for (; i < length; i++)
        {
            ushort c = Unsafe.Add(ref source, i);
            any |= c;
            Unsafe.Add(ref target, i) = (byte)c;
        }

        return (any & 0xFF80_FF80_FF80_FF80) == 0;
    }

#if NET
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Narrow8(ref ushort source, ref byte target, int index)
    {
        Vector128<ushort> chars = Vector128.LoadUnsafe(ref source, (nuint)index);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref target, index), Vector128.Narrow(chars, chars).AsUInt64().ToScalar());
        return chars;
    }
#endif

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
