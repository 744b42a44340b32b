namespace OncRpc.Xdr;

public ref partial struct XdrWriter
{
    /// <summary>Writes a variable-length array (<c>T&lt;max&gt;</c>): the count, then each element.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="values">The elements.</param>
    /// <param name="maxCount">The declared maximum of the type.</param>
    /// <exception cref="ArgumentException">There are more than <paramref name="maxCount"/> elements.</exception>
    public void WriteArray<T>(IXdrCodec<T> element, scoped ReadOnlySpan<T> values, int maxCount = int.MaxValue)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        if (values.Length > maxCount)
        {
            throw new ArgumentException($"The array has {values.Length} elements; the type allows at most {maxCount}.", nameof(values));
        }

        WriteUInt32((uint)values.Length);
        foreach (T value in values)
        {
            element.Write(ref this, value);
        }
    }

    /// <summary>Writes a fixed-length array (<c>T[n]</c>): each element, no count.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="values">The elements; their count is the declared length.</param>
    public void WriteFixedArray<T>(IXdrCodec<T> element, scoped ReadOnlySpan<T> values)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        foreach (T value in values)
        {
            element.Write(ref this, value);
        }
    }

    /// <summary>Writes optional data (<c>T *</c>) of a reference type: a boolean, then the value when not <see langword="null"/>.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="element">The codec of the value.</param>
    /// <param name="value">The value or <see langword="null"/>.</param>
    public void WriteOptional<T>(IXdrCodec<T> element, T? value)
        where T : class
    {
        WriteBoolean(value is not null);
        if (value is not null)
        {
            element.Write(ref this, value);
        }
    }

    /// <summary>Writes optional data (<c>T *</c>) of a value type: a boolean, then the value when present.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="element">The codec of the value.</param>
    /// <param name="value">The value or <see langword="null"/>.</param>
    public void WriteOptionalValue<T>(IXdrCodec<T> element, T? value)
        where T : struct
    {
        WriteBoolean(value.HasValue);
        if (value.HasValue)
        {
            element.Write(ref this, value.GetValueOrDefault());
        }
    }

    /// <summary>Writes a linked list (a chain of optional data): <c>TRUE</c> and the element for each element, then <c>FALSE</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element's data.</param>
    /// <param name="values">The elements in order.</param>
    public void WriteLinkedList<T>(IXdrCodec<T> element, IEnumerable<T> values)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        if (values is T[] array)
        {
            WriteLinkedListSpan(element, new ReadOnlySpan<T>(array));
            return;
        }
#if NET
        if (values is List<T> concrete)
        {
            WriteLinkedListSpan(element, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(concrete));
            return;
        }
#endif

        if (values is IReadOnlyList<T> list)
        {
            // Indexing avoids the enumerator allocation of the interface on the hot path.
            for (int i = 0; i < list.Count; i++)
            {
                WriteBoolean(true);
                element.Write(ref this, list[i]);
            }
        }
        else
        {
            foreach (T value in values)
            {
                WriteBoolean(true);
                element.Write(ref this, value);
            }
        }

        WriteBoolean(false);
    }

    // Not public: an overload next to the IEnumerable one would make array arguments ambiguous before C# 13.
    private void WriteLinkedListSpan<T>(IXdrCodec<T> element, scoped ReadOnlySpan<T> values)
    {
        foreach (T value in values)
        {
            WriteUInt32(1);
            element.Write(ref this, value);
        }

        WriteUInt32(0);
    }
}
