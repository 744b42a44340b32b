namespace OncRpc.Xdr;

/// <summary>Ready-made codecs for the XDR primitive types and combinators for composite ones.</summary>
public static class XdrCodec
{
    /// <summary>Gets the codec of XDR <c>void</c>.</summary>
    public static IXdrCodec<XdrVoid> Void { get; } = new VoidCodec();

    /// <summary>Gets the codec of XDR <c>int</c>.</summary>
    public static IXdrCodec<int> Int32 { get; } = new Int32Codec();

    /// <summary>Gets the codec of XDR <c>unsigned int</c>.</summary>
    public static IXdrCodec<uint> UInt32 { get; } = new UInt32Codec();

    /// <summary>Gets the codec of XDR <c>hyper</c>.</summary>
    public static IXdrCodec<long> Int64 { get; } = new Int64Codec();

    /// <summary>Gets the codec of XDR <c>unsigned hyper</c>.</summary>
    public static IXdrCodec<ulong> UInt64 { get; } = new UInt64Codec();

    /// <summary>Gets the codec of XDR <c>bool</c>.</summary>
    public static IXdrCodec<bool> Boolean { get; } = new BooleanCodec();

    /// <summary>Gets the codec of XDR <c>float</c>.</summary>
    public static IXdrCodec<float> Single { get; } = new SingleCodec();

    /// <summary>Gets the codec of XDR <c>double</c>.</summary>
    public static IXdrCodec<double> Double { get; } = new DoubleCodec();

    /// <summary>Gets the codec of XDR <c>string&lt;&gt;</c> (no declared maximum; the reader's limit applies).</summary>
    public static IXdrCodec<string> String { get; } = new StringCodec(int.MaxValue);

    /// <summary>Gets the codec of XDR <c>opaque&lt;&gt;</c> as a byte array (no declared maximum; the reader's limit applies).</summary>
    public static IXdrCodec<byte[]> Opaque { get; } = new OpaqueCodec(int.MaxValue);

    /// <summary>Creates the codec of XDR <c>string&lt;maxLength&gt;</c>.</summary>
    /// <param name="maxLength">The declared maximum, in bytes.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<string> BoundedString(int maxLength) => new StringCodec(CheckMax(maxLength));

    /// <summary>Creates the codec of XDR <c>opaque&lt;maxLength&gt;</c> as a byte array.</summary>
    /// <param name="maxLength">The declared maximum, in bytes.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<byte[]> BoundedOpaque(int maxLength) => new OpaqueCodec(CheckMax(maxLength));

    /// <summary>Creates the codec of XDR <c>opaque[length]</c> as a byte array.</summary>
    /// <param name="length">The declared length.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<byte[]> FixedOpaque(int length) => new FixedOpaqueCodec(CheckMax(length));

    /// <summary>Creates the codec of a variable-length array <c>T&lt;maxCount&gt;</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="maxCount">The declared maximum count.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<T[]> Array<T>(IXdrCodec<T> element, int maxCount = int.MaxValue) =>
        new ArrayCodec<T>(element ?? throw new ArgumentNullException(nameof(element)), CheckMax(maxCount));

    /// <summary>Creates the codec of a fixed-length array <c>T[count]</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="count">The declared length.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<T[]> FixedArray<T>(IXdrCodec<T> element, int count) =>
        new FixedArrayCodec<T>(element ?? throw new ArgumentNullException(nameof(element)), CheckMax(count));

    /// <summary>Creates the codec of optional data <c>T *</c> of a reference type (<see langword="null"/> when absent).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="element">The codec of the value.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<T?> Optional<T>(IXdrCodec<T> element)
        where T : class =>
        new OptionalCodec<T>(element ?? throw new ArgumentNullException(nameof(element)));

    /// <summary>Creates the codec of optional data <c>T *</c> of a value type (<see langword="null"/> when absent).</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="element">The codec of the value.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<T?> OptionalValue<T>(IXdrCodec<T> element)
        where T : struct =>
        new OptionalValueCodec<T>(element ?? throw new ArgumentNullException(nameof(element)));

    /// <summary>Creates the codec of a linked list (a chain of optional data), read in a loop with a cap.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element's data, without the pointer to the next.</param>
    /// <param name="maxCount">The largest number of elements to accept when reading.</param>
    /// <returns>The codec.</returns>
    public static IXdrCodec<IReadOnlyList<T>> LinkedList<T>(IXdrCodec<T> element, int maxCount = int.MaxValue) =>
        new LinkedListCodec<T>(element ?? throw new ArgumentNullException(nameof(element)), CheckMax(maxCount));

    private static int CheckMax(int value) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A length or count must not be negative.");

    private sealed class VoidCodec : IXdrCodec<XdrVoid>
    {
        public XdrVoid Read(ref XdrReader reader) => default;

        public void Write(ref XdrWriter writer, XdrVoid value)
        {
        }

        public int GetEncodedSize(XdrVoid value) => 0;
    }

    private sealed class Int32Codec : IXdrCodec<int>
    {
        public int Read(ref XdrReader reader) => reader.ReadInt32();

        public void Write(ref XdrWriter writer, int value) => writer.WriteInt32(value);

        public int GetEncodedSize(int value) => 4;
    }

    private sealed class UInt32Codec : IXdrCodec<uint>
    {
        public uint Read(ref XdrReader reader) => reader.ReadUInt32();

        public void Write(ref XdrWriter writer, uint value) => writer.WriteUInt32(value);

        public int GetEncodedSize(uint value) => 4;
    }

    private sealed class Int64Codec : IXdrCodec<long>
    {
        public long Read(ref XdrReader reader) => reader.ReadInt64();

        public void Write(ref XdrWriter writer, long value) => writer.WriteInt64(value);

        public int GetEncodedSize(long value) => 8;
    }

    private sealed class UInt64Codec : IXdrCodec<ulong>
    {
        public ulong Read(ref XdrReader reader) => reader.ReadUInt64();

        public void Write(ref XdrWriter writer, ulong value) => writer.WriteUInt64(value);

        public int GetEncodedSize(ulong value) => 8;
    }

    private sealed class BooleanCodec : IXdrCodec<bool>
    {
        public bool Read(ref XdrReader reader) => reader.ReadBoolean();

        public void Write(ref XdrWriter writer, bool value) => writer.WriteBoolean(value);

        public int GetEncodedSize(bool value) => 4;
    }

    private sealed class SingleCodec : IXdrCodec<float>
    {
        public float Read(ref XdrReader reader) => reader.ReadSingle();

        public void Write(ref XdrWriter writer, float value) => writer.WriteSingle(value);

        public int GetEncodedSize(float value) => 4;
    }

    private sealed class DoubleCodec : IXdrCodec<double>
    {
        public double Read(ref XdrReader reader) => reader.ReadDouble();

        public void Write(ref XdrWriter writer, double value) => writer.WriteDouble(value);

        public int GetEncodedSize(double value) => 8;
    }

    private sealed class StringCodec(int maxLength) : IXdrCodec<string>
    {
        public string Read(ref XdrReader reader) => reader.ReadString(maxLength);

        public void Write(ref XdrWriter writer, string value) => writer.WriteString(value, maxLength);

        public int GetEncodedSize(string value) => XdrSize.String(value);
    }

    private sealed class OpaqueCodec(int maxLength) : IXdrCodec<byte[]>
    {
        public byte[] Read(ref XdrReader reader) => reader.ReadOpaqueArray(maxLength);

        public void Write(ref XdrWriter writer, byte[] value) => writer.WriteOpaque(value, maxLength);

        public int GetEncodedSize(byte[] value) => XdrSize.Opaque(value.Length);
    }

    private sealed class FixedOpaqueCodec(int length) : IXdrCodec<byte[]>
    {
        public byte[] Read(ref XdrReader reader) => reader.ReadFixedOpaque(length).ToArray();

        public void Write(ref XdrWriter writer, byte[] value)
        {
            if (value.Length != length)
            {
                throw new ArgumentException($"The fixed opaque data must be {length} bytes long, not {value.Length}.", nameof(value));
            }

            writer.WriteFixedOpaque(value);
        }

        public int GetEncodedSize(byte[] value) => XdrSize.FixedOpaque(length);
    }

    private sealed class ArrayCodec<T>(IXdrCodec<T> element, int maxCount) : IXdrCodec<T[]>
    {
        public T[] Read(ref XdrReader reader) => reader.ReadArray(element, maxCount);

        public void Write(ref XdrWriter writer, T[] value) => writer.WriteArray(element, value, maxCount);

        public int GetEncodedSize(T[] value) => XdrSize.Array(element, value);
    }

    private sealed class FixedArrayCodec<T>(IXdrCodec<T> element, int count) : IXdrCodec<T[]>
    {
        public T[] Read(ref XdrReader reader) => reader.ReadFixedArray(element, count);

        public void Write(ref XdrWriter writer, T[] value)
        {
            if (value.Length != count)
            {
                throw new ArgumentException($"The fixed array must have {count} elements, not {value.Length}.", nameof(value));
            }

            writer.WriteFixedArray(element, value);
        }

        public int GetEncodedSize(T[] value) => XdrSize.FixedArray(element, value);
    }

    private sealed class OptionalCodec<T>(IXdrCodec<T> element) : IXdrCodec<T?>
        where T : class
    {
        public T? Read(ref XdrReader reader) => reader.ReadOptional(element);

        public void Write(ref XdrWriter writer, T? value) => writer.WriteOptional(element, value);

        public int GetEncodedSize(T? value) => value is null ? 4 : 4 + element.GetEncodedSize(value);
    }

    private sealed class OptionalValueCodec<T>(IXdrCodec<T> element) : IXdrCodec<T?>
        where T : struct
    {
        public T? Read(ref XdrReader reader) => reader.ReadOptionalValue(element);

        public void Write(ref XdrWriter writer, T? value) => writer.WriteOptionalValue(element, value);

        public int GetEncodedSize(T? value) => value.HasValue ? 4 + element.GetEncodedSize(value.GetValueOrDefault()) : 4;
    }

    private sealed class LinkedListCodec<T>(IXdrCodec<T> element, int maxCount) : IXdrCodec<IReadOnlyList<T>>
    {
        public IReadOnlyList<T> Read(ref XdrReader reader) => reader.ReadLinkedList(element, maxCount);

        public void Write(ref XdrWriter writer, IReadOnlyList<T> value) => writer.WriteLinkedList(element, value);

        public int GetEncodedSize(IReadOnlyList<T> value) => XdrSize.LinkedList(element, value);
    }
}
