using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OncRpc.Xdr;

public ref partial struct XdrWriter
{
    /// <summary>Writes an XDR <c>int</c>.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int value)
    {
        Ensure(4);
        Put32(_position, (uint)value);
        _position += 4;
    }

    /// <summary>Writes an XDR <c>unsigned int</c>.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt32(uint value)
    {
        Ensure(4);
        Put32(_position, value);
        _position += 4;
    }

    /// <summary>Writes an XDR <c>hyper</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteInt64(long value)
    {
        Ensure(8);
        Put64(_position, (ulong)value);
        _position += 8;
    }

    /// <summary>Writes an XDR <c>unsigned hyper</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt64(ulong value)
    {
        Ensure(8);
        Put64(_position, value);
        _position += 8;
    }

    /// <summary>Writes an XDR <c>float</c> (IEEE 754 single precision).</summary>
    /// <param name="value">The value.</param>
    public void WriteSingle(float value)
    {
#if NET
        WriteInt32(BitConverter.SingleToInt32Bits(value));
#else
        WriteInt32(Unsafe.As<float, int>(ref value));
#endif
    }

    /// <summary>Writes an XDR <c>double</c> (IEEE 754 double precision).</summary>
    /// <param name="value">The value.</param>
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>Writes an XDR <c>bool</c> (1 or 0).</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBoolean(bool value) => WriteUInt32(value ? 1u : 0u);

    /// <summary>Writes an XDR <c>enum</c> from a 32-bit enumeration type.</summary>
    /// <typeparam name="TEnum">An enumeration whose underlying type is 32 bits wide.</typeparam>
    /// <param name="value">The value.</param>
    public void WriteEnum<TEnum>(TEnum value)
        where TEnum : unmanaged, Enum
    {
        if (Unsafe.SizeOf<TEnum>() != 4)
        {
            throw new InvalidOperationException($"The enumeration {typeof(TEnum).Name} must have a 32-bit underlying type to be written as an XDR enum.");
        }

        WriteInt32(Unsafe.As<TEnum, int>(ref value));
    }

    // Callers have checked the bounds with Ensure: writing through a ref skips the second check that slicing and
    // BinaryPrimitives would repeat on every value.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Put32(int offset, uint value) =>
        Unsafe.WriteUnaligned(
            ref Unsafe.Add(ref MemoryMarshal.GetReference(_span), (nint)(uint)offset),
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Put64(int offset, ulong value) =>
        Unsafe.WriteUnaligned(
            ref Unsafe.Add(ref MemoryMarshal.GetReference(_span), (nint)(uint)offset),
            BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
}
