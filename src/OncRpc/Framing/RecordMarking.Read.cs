using System.Buffers;

namespace OncRpc.Framing;

public static partial class RecordMarking
{
    /// <summary>
    /// Reads one complete record from the front of <paramref name="buffer"/>, if it holds one.
    /// </summary>
    /// <param name="buffer">The received bytes. On success it is advanced past the record; otherwise it is left unchanged.</param>
    /// <param name="options">The limits to enforce.</param>
    /// <param name="record">When this method returns <see langword="true"/>, the record; dispose it when done.</param>
    /// <returns><see langword="true"/> when a record was read; <see langword="false"/> when <paramref name="buffer"/> ends before the last fragment of the record does, so more bytes are needed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="RpcProtocolException">A fragment header makes the record longer than <see cref="RecordMarkingOptions.MaxRecordSize"/> or gives it more than <see cref="RecordMarkingOptions.MaxFragmentCount"/> fragments. This is detected as soon as the header is in <paramref name="buffer"/>, before the fragment arrives and before anything is allocated; the stream cannot be resynchronized and should be closed.</exception>
    /// <remarks>
    /// The function keeps no state: when it returns <see langword="false"/>, call it again with the same bytes plus
    /// whatever arrived since. It parses the fragment headers first and copies nothing until the whole record is
    /// present. A record that is one fragment lying in one segment of <paramref name="buffer"/> is returned as a
    /// slice of it (see <see cref="RecordBuffer"/>); any other record is copied once into a pooled buffer.
    /// </remarks>
    public static bool TryReadRecord(ref ReadOnlySequence<byte> buffer, RecordMarkingOptions options, out RecordBuffer record)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        // Fast path for the common case: a whole single-fragment record at the front of the first segment.
        ReadOnlyMemory<byte> first = buffer.First;
        if (first.Length >= HeaderSize)
        {
            uint header = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(first.Span);
            int fragmentLength = (int)(header & ~LastFragmentFlag);
            CheckLimits(1, fragmentLength, fragmentLength, options);
            if ((header & LastFragmentFlag) != 0 && first.Length - HeaderSize >= fragmentLength)
            {
                record = new RecordBuffer(first.Slice(HeaderSize, fragmentLength), null);
                buffer = buffer.Slice(HeaderSize + fragmentLength);
                return true;
            }
        }

        if (!TryScanRecord(buffer, options, out int length, out int fragmentCount, out ReadOnlySequence<byte> rest))
        {
            record = default;
            return false;
        }

        if (fragmentCount == 1)
        {
            ReadOnlySequence<byte> body = buffer.Slice(HeaderSize, length);
            if (body.IsSingleSegment)
            {
                record = new RecordBuffer(body.First, null);
            }
            else
            {
                byte[] rented = ArrayPool<byte>.Shared.Rent(length);
                body.CopyTo(rented);
                record = new RecordBuffer(new ReadOnlyMemory<byte>(rented, 0, length), rented);
            }
        }
        else
        {
            record = Join(buffer, fragmentCount, length);
        }

        buffer = rest;
        return true;
    }

    /// <summary>
    /// Walks the fragment headers at the front of <paramref name="buffer"/>, enforcing the limits, and reports
    /// whether a whole record is present.
    /// </summary>
    internal static bool TryScanRecord(
        in ReadOnlySequence<byte> buffer,
        RecordMarkingOptions options,
        out int length,
        out int fragmentCount,
        out ReadOnlySequence<byte> rest)
    {
        rest = buffer;
        long total = 0;
        int count = 0;
        while (true)
        {
            if (rest.Length < HeaderSize)
            {
                break;
            }

            uint header = ReadHeader(rest);
            int fragmentLength = (int)(header & ~LastFragmentFlag);
            count++;
            total += fragmentLength;
            CheckLimits(count, total, fragmentLength, options);
            if (rest.Length - HeaderSize < fragmentLength)
            {
                break;
            }

            rest = rest.Slice(HeaderSize + fragmentLength);
            if ((header & LastFragmentFlag) != 0)
            {
                length = (int)total;
                fragmentCount = count;
                return true;
            }
        }

        rest = buffer;
        length = 0;
        fragmentCount = 0;
        return false;
    }

    /// <summary>Enforces the read limits on a record whose fragment number <paramref name="count"/> has just been announced.</summary>
    internal static void CheckLimits(int count, long total, int fragmentLength, RecordMarkingOptions options)
    {
        if (count > options.MaxFragmentCount)
        {
            throw new RpcProtocolException(
                $"The peer sent a record of more than {options.MaxFragmentCount} fragments, the configured maximum.");
        }

        if (total > options.MaxRecordSize)
        {
            throw new RpcProtocolException(
                $"The peer announced a record of at least {total} bytes (fragment {count} is {fragmentLength} bytes); the configured maximum is {options.MaxRecordSize}.");
        }
    }

    private static RecordBuffer Join(ReadOnlySequence<byte> buffer, int fragmentCount, int length)
    {
        if (length == 0)
        {
            return default;
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(length);
        int written = 0;
        for (int i = 0; i < fragmentCount; i++)
        {
            int fragmentLength = (int)(ReadHeader(buffer) & ~LastFragmentFlag);
            buffer.Slice(HeaderSize, fragmentLength).CopyTo(rented.AsSpan(written));
            written += fragmentLength;
            buffer = buffer.Slice(HeaderSize + fragmentLength);
        }

        return new RecordBuffer(new ReadOnlyMemory<byte>(rented, 0, length), rented);
    }
}
