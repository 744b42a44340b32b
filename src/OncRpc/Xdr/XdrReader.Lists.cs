namespace OncRpc.Xdr;

public ref partial struct XdrReader
{
    /// <summary>Reads the count of a variable-length array (<c>T&lt;max&gt;</c>) and checks it against the limits and against what remains, assuming each element takes at least 4 bytes.</summary>
    /// <param name="maxCount">The declared maximum of the type; the smaller of it and <see cref="XdrReaderOptions.MaxArrayLength"/> applies.</param>
    /// <returns>The element count.</returns>
    /// <exception cref="XdrException">The count exceeds the limit or could not fit in what remains.</exception>
    public int ReadArrayCount(int maxCount = int.MaxValue)
    {
        int limit = Math.Min(maxCount, Options.MaxArrayLength);
        int start = _position;
        uint count = ReadUInt32();
        if (count > (uint)Math.Max(limit, 0))
        {
            _position = start;
            throw new XdrException($"The array at offset {start} announces {count} elements; the limit is {limit}.", start, XdrError.LimitExceeded);
        }

        if (count > (uint)(BytesRemaining / 4))
        {
            _position = start;
            throw new XdrException(
                $"The array at offset {start} announces {count} elements but only {BytesRemaining} bytes remain.",
                start,
                XdrError.Truncated);
        }

        return (int)count;
    }

    /// <summary>Reads a variable-length array (<c>T&lt;max&gt;</c>).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="maxCount">The declared maximum of the type; the smaller of it and <see cref="XdrReaderOptions.MaxArrayLength"/> applies.</param>
    /// <returns>The elements.</returns>
    /// <exception cref="XdrException">The data is malformed; the reader stays where it was.</exception>
    public T[] ReadArray<T>(IXdrCodec<T> element, int maxCount = int.MaxValue)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        int start = _position;
        try
        {
            int count = ReadArrayCount(maxCount);
            if (count == 0)
            {
                return [];
            }

            var result = new T[count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = element.Read(ref this);
            }

            return result;
        }
        catch
        {
            _position = start;
            throw;
        }
    }

    /// <summary>Reads a fixed-length array (<c>T[n]</c>).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element.</param>
    /// <param name="count">The declared length <c>n</c>.</param>
    /// <returns>The elements.</returns>
    /// <exception cref="XdrException">The data is malformed; the reader stays where it was.</exception>
    public T[] ReadFixedArray<T>(IXdrCodec<T> element, int count)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (count > BytesRemaining / 4)
        {
            throw new XdrException(
                $"The fixed array at offset {_position} has {count} elements but only {BytesRemaining} bytes remain.",
                _position,
                XdrError.Truncated);
        }

        int start = _position;
        try
        {
            var result = new T[count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = element.Read(ref this);
            }

            return result;
        }
        catch
        {
            _position = start;
            throw;
        }
    }

    /// <summary>Reads optional data (<c>T *</c>) of a reference type: a boolean, then the value when it is present.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="element">The codec of the value.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    /// <exception cref="XdrException">The data is malformed; the reader stays where it was.</exception>
    public T? ReadOptional<T>(IXdrCodec<T> element)
        where T : class
    {
        int start = _position;
        if (!ReadBoolean())
        {
            return null;
        }

        try
        {
            return element.Read(ref this);
        }
        catch
        {
            _position = start;
            throw;
        }
    }

    /// <summary>Reads optional data (<c>T *</c>) of a value type: a boolean, then the value when it is present.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="element">The codec of the value.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    /// <exception cref="XdrException">The data is malformed; the reader stays where it was.</exception>
    public T? ReadOptionalValue<T>(IXdrCodec<T> element)
        where T : struct
    {
        int start = _position;
        if (!ReadBoolean())
        {
            return null;
        }

        try
        {
            return element.Read(ref this);
        }
        catch
        {
            _position = start;
            throw;
        }
    }

    /// <summary>
    /// Reads a linked list: the XDR idiom <c>struct node { T item; node *next; }</c> reached through an optional
    /// pointer, that is a boolean before every element and a final <c>FALSE</c>. It is read in a loop, never by
    /// recursion, and stops with an error past the limit.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="element">The codec of one element's data, without the following pointer.</param>
    /// <param name="maxCount">The largest number of elements to accept; the smaller of it and <see cref="XdrReaderOptions.MaxListLength"/> applies.</param>
    /// <returns>The elements in wire order.</returns>
    /// <exception cref="XdrException">The data is malformed or the list is longer than the limit; the reader stays where it was.</exception>
    public List<T> ReadLinkedList<T>(IXdrCodec<T> element, int maxCount = int.MaxValue)
    {
        if (element is null)
        {
            throw new ArgumentNullException(nameof(element));
        }

        int limit = Math.Min(maxCount, Options.MaxListLength);
        int start = _position;
        var result = new List<T>();
        try
        {
            while (ReadBoolean())
            {
                if (result.Count >= limit)
                {
                    throw new XdrException(
                        $"The list that starts at offset {start} has more than {limit} elements.",
                        _position - 4,
                        XdrError.LimitExceeded);
                }

                result.Add(element.Read(ref this));
            }

            return result;
        }
        catch
        {
            _position = start;
            throw;
        }
    }
}
