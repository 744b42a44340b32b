using System.Buffers;
using OncRpc.Xdr;

namespace OncRpc.Framing;

public static partial class RecordMarking
{
    /// <summary>
    /// Encodes <paramref name="value"/> as one record: record mark(s) and the XDR encoding, written directly into
    /// <paramref name="output"/>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="output">The buffer writer to append to, typically a <see cref="System.IO.Pipelines.PipeWriter"/>; the caller flushes it.</param>
    /// <param name="codec">The codec of the value; for an RPC message, one codec that writes the header and the arguments.</param>
    /// <param name="value">The value.</param>
    /// <param name="options">The fragment size to split at; <see langword="null"/> for <see cref="RecordMarkingOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> or <paramref name="codec"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The codec rejects the value.</exception>
    /// <exception cref="InvalidOperationException">The codec wrote a different number of bytes than its <see cref="IXdrCodec{T}.GetEncodedSize"/> announced.</exception>
    /// <remarks>
    /// The size is computed first with <see cref="IXdrCodec{T}.GetEncodedSize"/> so the record mark can precede the
    /// body, which is then encoded in place, without an intermediate buffer. A record longer than
    /// <see cref="RecordMarkingOptions.MaxFragmentSize"/> is split into fragments of that size (the last one shorter)
    /// by a wrapper that inserts the record marks at the boundaries; only a write that straddles a boundary goes
    /// through a pooled scratch buffer, which costs one copy of those bytes. When an exception is thrown, part of
    /// the record may already be in <paramref name="output"/>: the stream is then unusable and should be closed.
    /// </remarks>
    public static void WriteRecord<T>(IBufferWriter<byte> output, IXdrCodec<T> codec, T value, RecordMarkingOptions? options = null)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (codec is null)
        {
            throw new ArgumentNullException(nameof(codec));
        }

        options ??= RecordMarkingOptions.Default;
        int size = codec.GetEncodedSize(value);
        if (size < 0)
        {
            throw new InvalidOperationException($"The codec announced a negative encoded size ({size}).");
        }

        if (size <= options.MaxFragmentSize)
        {
            WriteFragmentHeader(output, size, last: true);
            var writer = new XdrWriter(output);
            codec.Write(ref writer, value);
            writer.Flush();
            if (writer.BytesWritten != size)
            {
                throw SizeMismatch(size, writer.BytesWritten);
            }

            return;
        }

        FragmentingBufferWriter fragmenter = FragmentingBufferWriter.Rent(output, size, options.MaxFragmentSize);
        try
        {
            var writer = new XdrWriter(fragmenter);
            codec.Write(ref writer, value);
            writer.Flush();
            if (writer.BytesWritten != size)
            {
                throw SizeMismatch(size, writer.BytesWritten);
            }
        }
        finally
        {
            fragmenter.Return();
        }
    }

    /// <summary>Writes <paramref name="body"/> as one record: record mark(s) and the bytes.</summary>
    /// <param name="output">The buffer writer to append to; the caller flushes it.</param>
    /// <param name="body">The payload of the record.</param>
    /// <param name="options">The fragment size to split at; <see langword="null"/> for <see cref="RecordMarkingOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="output"/> is <see langword="null"/>.</exception>
    /// <remarks>A body longer than <see cref="RecordMarkingOptions.MaxFragmentSize"/> is split into fragments of that size, the last one shorter. An empty body is written as one empty last fragment.</remarks>
    public static void WriteRecord(IBufferWriter<byte> output, ReadOnlySpan<byte> body, RecordMarkingOptions? options = null)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        int fragmentSize = (options ?? RecordMarkingOptions.Default).MaxFragmentSize;
        do
        {
            int length = Math.Min(body.Length, fragmentSize);
            bool last = length == body.Length;
            WriteFragmentHeader(output, length, last);
            if (length > 0)
            {
                body.Slice(0, length).CopyTo(output.GetSpan(length));
                output.Advance(length);
            }

            body = body.Slice(length);
        }
        while (!body.IsEmpty);
    }

    /// <summary>Computes the number of bytes a record of <paramref name="bodyLength"/> bytes takes on the wire, record marks included.</summary>
    /// <param name="bodyLength">The length of the payload.</param>
    /// <param name="options">The fragment size to split at; <see langword="null"/> for <see cref="RecordMarkingOptions.Default"/>.</param>
    /// <returns>The framed length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bodyLength"/> is negative.</exception>
    public static long GetFramedLength(int bodyLength, RecordMarkingOptions? options = null)
    {
        if (bodyLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bodyLength), bodyLength, "The length cannot be negative.");
        }

        int fragmentSize = (options ?? RecordMarkingOptions.Default).MaxFragmentSize;
        long fragments = bodyLength == 0 ? 1 : ((bodyLength - 1L) / fragmentSize) + 1;
        return bodyLength + (fragments * HeaderSize);
    }

    private static InvalidOperationException SizeMismatch(int announced, long written) =>
        new($"The codec wrote {written} bytes but its GetEncodedSize announced {announced}; the record on the output is corrupt.");
}
