namespace OncRpc.Xdr;

/// <summary>Computes encoded XDR sizes without writing, for sizing buffers.</summary>
public static class XdrSize
{
    /// <summary>The size of an <c>int</c>, <c>unsigned int</c>, <c>enum</c>, <c>bool</c> or <c>float</c>: 4 bytes.</summary>
    public const int Int32 = 4;

    /// <summary>The size of a <c>hyper</c>, <c>unsigned hyper</c> or <c>double</c>: 8 bytes.</summary>
    public const int Int64 = 8;

    /// <summary>Rounds a byte count up to a multiple of 4.</summary>
    /// <param name="length">The byte count.</param>
    /// <returns>The count including padding.</returns>
    public static int Align(int length) => (length + 3) & ~3;

    /// <summary>The size of <c>opaque[length]</c>.</summary>
    /// <param name="length">The declared length.</param>
    /// <returns>The length including padding.</returns>
    public static int FixedOpaque(int length) => Align(length);

    /// <summary>The size of variable-length opaque data of <paramref name="length"/> bytes.</summary>
    /// <param name="length">The data length.</param>
    /// <returns>4 for the length, plus the data and its padding.</returns>
    public static int Opaque(int length) => 4 + Align(length);

    /// <summary>The size of a string encoded as UTF-8.</summary>
    /// <param name="value">The string.</param>
    /// <returns>4 for the length, plus the UTF-8 bytes and their padding.</returns>
    /// <exception cref="ArgumentException">The string contains an unpaired surrogate.</exception>
    public static int String(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        return Opaque(XdrWriter.ByteCount(value));
    }

    /// <summary>The size of a variable-length array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="values">The elements.</param>
    /// <returns>4 for the count, plus the elements.</returns>
    public static int Array<T>(IXdrCodec<T> element, ReadOnlySpan<T> values) => 4 + FixedArray(element, values);

    /// <summary>The size of a fixed-length array.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="values">The elements.</param>
    /// <returns>The sum of the elements' sizes.</returns>
    public static int FixedArray<T>(IXdrCodec<T> element, ReadOnlySpan<T> values)
    {
        int size = 0;
        foreach (T value in values)
        {
            size = checked(size + element.GetEncodedSize(value));
        }

        return size;
    }

    /// <summary>The size of a linked list (a chain of optional data).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element's data.</param>
    /// <param name="values">The elements.</param>
    /// <returns>4 per element for its presence flag, plus the elements, plus 4 for the final flag.</returns>
    public static int LinkedList<T>(IXdrCodec<T> element, IEnumerable<T> values)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        // Arrays and lists are summed over a span: no enumerator is allocated on the sizing path.
        if (values is T[] array)
        {
            return checked(4 + (4 * array.Length) + FixedArray(element, array));
        }
#if NET
        if (values is List<T> list)
        {
            return checked(4 + (4 * list.Count) + FixedArray(element, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list)));
        }
#endif

        int size = 4;
        foreach (T value in values)
        {
            size = checked(size + 4 + element.GetEncodedSize(value));
        }

        return size;
    }
}
