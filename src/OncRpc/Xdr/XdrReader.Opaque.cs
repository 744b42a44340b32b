using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace OncRpc.Xdr;

public ref partial struct XdrReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Reads fixed-length opaque data (<c>opaque[n]</c>) and returns it as a slice of the buffer.</summary>
    /// <param name="length">The declared length <c>n</c>.</param>
    /// <returns>The bytes, without padding; valid as long as the underlying buffer.</returns>
    /// <exception cref="XdrException">The data is truncated or the padding is not zero.</exception>
    public ReadOnlySpan<byte> ReadFixedOpaque(int length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }

        int padded = length + Padding(length);
        if (padded < 0)
        {
            ThrowTruncated(length, "fixed opaque");
        }

        Ensure(padded, "fixed opaque");
        ReadOnlySpan<byte> value = _buffer.Slice(_position, length);
        CheckPadding(_position + length, padded - length);
        _position += padded;
        return value;
    }

    /// <summary>Reads fixed-length opaque data (<c>opaque[n]</c>) into <paramref name="destination"/>, whose length is <c>n</c>.</summary>
    /// <param name="destination">Receives the bytes; its length is the declared length.</param>
    /// <exception cref="XdrException">The data is truncated or the padding is not zero.</exception>
    public void ReadFixedOpaque(scoped Span<byte> destination) => ReadFixedOpaque(destination.Length).CopyTo(destination);

    /// <summary>Reads variable-length opaque data (<c>opaque&lt;max&gt;</c>) and returns it as a slice of the buffer, without allocating.</summary>
    /// <param name="maxLength">The declared maximum of the type; the smaller of it and <see cref="XdrReaderOptions.MaxOpaqueLength"/> applies.</param>
    /// <returns>The bytes, without padding; valid as long as the underlying buffer.</returns>
    /// <exception cref="XdrException">The length exceeds the limit or what remains, the data is truncated, or the padding is not zero.</exception>
    public ReadOnlySpan<byte> ReadOpaque(int maxLength = int.MaxValue) =>
        ReadCounted(Math.Min(maxLength, Options.MaxOpaqueLength), "opaque");

    /// <summary>Reads variable-length opaque data (<c>opaque&lt;max&gt;</c>) into a new array.</summary>
    /// <param name="maxLength">The declared maximum of the type; the smaller of it and <see cref="XdrReaderOptions.MaxOpaqueLength"/> applies.</param>
    /// <returns>A copy of the bytes.</returns>
    /// <exception cref="XdrException">The length exceeds the limit or what remains, the data is truncated, or the padding is not zero.</exception>
    public byte[] ReadOpaqueArray(int maxLength = int.MaxValue) => ReadOpaque(maxLength).ToArray();

    /// <summary>Reads an XDR <c>string&lt;max&gt;</c> and returns its bytes as a slice of the buffer, without decoding or allocating.</summary>
    /// <param name="maxLength">The declared maximum of the type; the smaller of it and <see cref="XdrReaderOptions.MaxStringLength"/> applies.</param>
    /// <returns>The raw bytes of the string.</returns>
    /// <exception cref="XdrException">The length exceeds the limit or what remains, the data is truncated, or the padding is not zero.</exception>
    public ReadOnlySpan<byte> ReadStringBytes(int maxLength = int.MaxValue) =>
        ReadCounted(Math.Min(maxLength, Options.MaxStringLength), "string");

    /// <summary>Reads an XDR <c>string&lt;max&gt;</c> as UTF-8 text (ASCII is a subset).</summary>
    /// <param name="maxLength">The declared maximum of the type; the smaller of it and <see cref="XdrReaderOptions.MaxStringLength"/> applies.</param>
    /// <returns>The string.</returns>
    /// <exception cref="XdrException">The length exceeds the limit or what remains, the data is truncated, the padding is not zero, or the bytes are not valid UTF-8 and <see cref="XdrReaderOptions.RequireValidUtf8"/> is set.</exception>
    public string ReadString(int maxLength = int.MaxValue)
    {
        int start = _position;
        ReadOnlySpan<byte> bytes = ReadStringBytes(maxLength);
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        XdrStringPool? pool = Options.StringPool;
        if (pool is not null && bytes.Length <= pool.MaxLength)
        {
            string? pooled = pool.TryGet(bytes, out int slot);
            if (pooled is null)
            {
                pooled = DecodeString(bytes, start, out bool valid);

                // Only strings known to be valid UTF-8 enter the pool: a strict reader sharing it with a lenient
                // one must not be handed a lenient reader's U+FFFD replacement for bytes it would reject.
                if (valid)
                {
                    pool.Add(slot, bytes, pooled);
                }
            }

            return pooled;
        }

        return DecodeString(bytes, start, out _);
    }

    /// <summary>Decodes string bytes; <paramref name="valid"/> tells whether they were checked to be valid UTF-8.</summary>
    private string DecodeString(ReadOnlySpan<byte> bytes, int start, out bool valid)
    {
        // RPC strings (netids, universal addresses, owners, host names) are nearly always ASCII: widening them
        // directly avoids the general transcoder's set-up cost, which dominates for strings this short.
        if (IsAscii(bytes))
        {
            valid = true;
            return WidenAscii(bytes);
        }

        valid = Options.RequireValidUtf8;
        try
        {
            return Decode(Options.RequireValidUtf8 ? StrictUtf8 : LenientUtf8, bytes);
        }
        catch (DecoderFallbackException ex)
        {
            _position = start;
            throw new XdrException($"The string at offset {start} is not valid UTF-8.", start, XdrError.InvalidString, ex);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAscii(ReadOnlySpan<byte> bytes)
    {
#if NET
        if (bytes.Length > 32)
        {
            return System.Text.Ascii.IsValid(bytes);
        }
#endif
        ref byte source = ref MemoryMarshal.GetReference(bytes);
        int length = bytes.Length;
        uint any = 0;
        int i = 0;
        for (; i <= length - 4; i += 4)
        {
            any |= Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, i));
        }

        for (; i < length; i++)
        {
            any |= Unsafe.Add(ref source, i);
        }

        return (any & 0x8080_8080) == 0;
    }

    private static unsafe string WidenAscii(ReadOnlySpan<byte> bytes)
    {
#if NET
        return string.Create(bytes.Length, bytes, static (chars, source) =>
            Widen(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(chars), chars.Length));
#else
        string result = new('\0', bytes.Length);
        fixed (char* chars = result)
        {
            Widen(ref MemoryMarshal.GetReference(bytes), ref *chars, bytes.Length);
        }

        return result;
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Widen(ref byte source, ref char target, int length)
    {
        int i = 0;
        if (BitConverter.IsLittleEndian)
        {
            for (; i <= length - 4; i += 4)
            {
                ulong four = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, i));
                ulong wide = (four & 0xFF) | ((four & 0xFF00) << 8) | ((four & 0xFF_0000) << 16) | ((four & 0xFF00_0000) << 24);
                Unsafe.WriteUnaligned(ref Unsafe.As<char, byte>(ref Unsafe.Add(ref target, i)), wide);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref target, i) = (char)Unsafe.Add(ref source, i);
        }
    }

    private static unsafe string Decode(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
#if NET
        return encoding.GetString(bytes);
#else
        fixed (byte* p = bytes)
        {
            return encoding.GetString(p, bytes.Length);
        }
#endif
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> ReadCounted(int limit, string what)
    {
        int start = _position;
        int available = _buffer.Length - start - 4;
        if (available < 0)
        {
            ThrowTruncated(4, what + " length");
        }

        uint length = Raw32(start);
        if (length > (uint)Math.Max(limit, 0))
        {
            ThrowCountOverLimit(what, length, limit);
        }

        // Compared as unsigned before any arithmetic, so a length near 2^31 cannot overflow into a small number.
        int pad = Padding((int)length);
        if (length + (uint)pad > (uint)available)
        {
            ThrowCountTruncated(what, length, available);
        }

        int len = (int)length;
        int dataStart = start + 4;
        if (pad != 0 && (Raw32(dataStart + len + pad - 4) & ((1u << (pad * 8)) - 1)) != 0)
        {
            // The last word holds 4 - pad data bytes, then the padding in its low-order bytes.
            CheckPadding(dataStart + len, pad);
        }

        _position = dataStart + len + pad;
        return _buffer.Slice(dataStart, len);
    }

    private readonly void CheckPadding(int offset, int count)
    {
        if (!Options.RequireZeroPadding)
        {
            return;
        }

        for (int i = 0; i < count; i++)
        {
            if (_buffer[offset + i] != 0)
            {
                ThrowNonZeroPadding(offset + i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNonZeroPadding(int offset) =>
        throw new XdrException($"The padding byte at offset {offset} is not zero.", offset, XdrError.NonZeroPadding);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowCountOverLimit(string what, uint length, int limit) =>
        throw new XdrException($"The {what} at offset {_position} announces {length} bytes; the limit is {limit}.", _position, XdrError.LimitExceeded);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowCountTruncated(string what, uint length, int available) =>
        throw new XdrException($"The {what} at offset {_position} announces {length} bytes but only {available} remain.", _position, XdrError.Truncated);
}
