using System.Buffers;
using System.Buffers.Binary;

namespace OncRpc.Framing;

/// <summary>
/// Reads and writes records in the record marking standard of RFC 5531 section 11: each record is sent as one or
/// more fragments, each preceded by a four-byte big-endian mark whose high bit flags the last fragment and whose
/// other 31 bits give the fragment length.
/// </summary>
/// <remarks>
/// These functions touch no stream or pipe: <see cref="TryReadRecord"/> parses a <see cref="ReadOnlySequence{T}"/>
/// and the writers append to an <see cref="IBufferWriter{T}"/>. <see cref="RecordReader"/> runs the read loop over a
/// <see cref="System.IO.Pipelines.PipeReader"/>.
/// </remarks>
public static partial class RecordMarking
{
    /// <summary>The size of a record mark (fragment header) in bytes.</summary>
    public const int HeaderSize = 4;

    /// <summary>The bit of a record mark that flags the last fragment of a record.</summary>
    internal const uint LastFragmentFlag = 0x8000_0000u;

    internal static uint ReadHeader(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> first = buffer.First.Span;
        if (first.Length >= HeaderSize)
        {
            return BinaryPrimitives.ReadUInt32BigEndian(first);
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header);
    }

    internal static void WriteFragmentHeader(IBufferWriter<byte> output, int length, bool last)
    {
        Span<byte> span = output.GetSpan(HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length | (last ? LastFragmentFlag : 0u));
        output.Advance(HeaderSize);
    }
}
