using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OncRpc.Xdr;

public ref partial struct XdrReader
{
    /// <summary>Reads an XDR <c>int</c>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 4 bytes remain.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadInt32()
    {
        Ensure(4, "int");
        int value = (int)Raw32(_position);
        _position += 4;
        return value;
    }

    /// <summary>Reads an XDR <c>unsigned int</c>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 4 bytes remain.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint ReadUInt32()
    {
        Ensure(4, "unsigned int");
        uint value = Raw32(_position);
        _position += 4;
        return value;
    }

    /// <summary>Reads an XDR <c>hyper</c>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 8 bytes remain.</exception>
    public long ReadInt64()
    {
        Ensure(8, "hyper");
        long value = (long)Raw64(_position);
        _position += 8;
        return value;
    }

    /// <summary>Reads an XDR <c>unsigned hyper</c>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 8 bytes remain.</exception>
    public ulong ReadUInt64()
    {
        Ensure(8, "unsigned hyper");
        ulong value = Raw64(_position);
        _position += 8;
        return value;
    }

    /// <summary>Reads an XDR <c>float</c> (IEEE 754 single precision).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 4 bytes remain.</exception>
    public float ReadSingle()
    {
        Ensure(4, "float");
        int bits = (int)Raw32(_position);
        _position += 4;
#if NET
        return BitConverter.Int32BitsToSingle(bits);
#else
        return Unsafe.As<int, float>(ref bits);
#endif
    }

    /// <summary>Reads an XDR <c>double</c> (IEEE 754 double precision).</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 8 bytes remain.</exception>
    public double ReadDouble()
    {
        Ensure(8, "double");
        long bits = (long)Raw64(_position);
        _position += 8;
        return BitConverter.Int64BitsToDouble(bits);
    }

    /// <summary>Reads an XDR <c>bool</c>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 4 bytes remain, or the value is neither 0 nor 1 and <see cref="XdrReaderOptions.StrictBooleans"/> is set.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBoolean()
    {
        Ensure(4, "bool");
        uint value = Raw32(_position);
        if (value > 1 && Options.StrictBooleans)
        {
            ThrowInvalidBoolean(value);
        }

        _position += 4;
        return value != 0;
    }

    /// <summary>Reads an XDR <c>enum</c> as a 32-bit enumeration type. The value is not checked against the defined members.</summary>
    /// <typeparam name="TEnum">An enumeration whose underlying type is 32 bits wide.</typeparam>
    /// <returns>The value.</returns>
    /// <exception cref="XdrException">Fewer than 4 bytes remain.</exception>
    public TEnum ReadEnum<TEnum>()
        where TEnum : unmanaged, Enum
    {
        if (Unsafe.SizeOf<TEnum>() != 4)
        {
            throw new InvalidOperationException($"The enumeration {typeof(TEnum).Name} must have a 32-bit underlying type to be read as an XDR enum.");
        }

        int value = ReadInt32();
        return Unsafe.As<int, TEnum>(ref value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void ThrowInvalidBoolean(uint value) =>
        throw new XdrException($"The bool at offset {_position} is {value}; only 0 and 1 are valid.", _position, XdrError.InvalidBoolean);

    // Callers have checked the bounds with Ensure: reading through a ref skips the second check that slicing and
    // BinaryPrimitives would repeat on every value.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly uint Raw32(int offset)
    {
        uint raw = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), (nint)(uint)offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(raw) : raw;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ulong Raw64(int offset)
    {
        ulong raw = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), (nint)(uint)offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(raw) : raw;
    }
}
