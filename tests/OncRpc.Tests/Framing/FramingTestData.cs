using System.Buffers;
using System.Buffers.Binary;

namespace OncRpc.Tests.Framing;

/// <summary>Builds framed bytes and multi-segment sequences for the framing tests.</summary>
internal static class FramingTestData
{
    /// <summary>Frames <paramref name="body"/> as fragments of the given lengths (the last gets the rest).</summary>
    public static byte[] Frame(byte[] body, IEnumerable<int> fragmentLengths)
    {
        var output = new List<byte>();
        int offset = 0;
        foreach (int length in fragmentLengths)
        {
            AddFragment(output, body.AsSpan(offset, length), last: false);
            offset += length;
        }

        AddFragment(output, body.AsSpan(offset), last: true);
        return output.ToArray();
    }

    /// <summary>Turns arbitrary integers into fragment lengths (zero allowed) that fit in <paramref name="bodyLength"/>.</summary>
    public static List<int> FragmentLengths(int bodyLength, int[]? cuts)
    {
        var lengths = new List<int>();
        int remaining = bodyLength;
        foreach (int cut in cuts ?? [])
        {
            int length = (int)((uint)cut % (uint)(remaining + 1));
            lengths.Add(length);
            remaining -= length;
        }

        return lengths;
    }

    public static byte[] Header(uint length, bool last)
    {
        byte[] header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, length | (last ? 0x8000_0000u : 0u));
        return header;
    }

    /// <summary>Splits <paramref name="data"/> into segments of the given sizes (each 1 to 64 bytes), cycled; one segment when none are given.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] data, int[]? segmentSizes)
    {
        if (segmentSizes is not { Length: > 0 })
        {
            return new ReadOnlySequence<byte>(data);
        }

        var chunks = new List<byte[]>();
        int offset = 0;
        int i = 0;
        while (offset < data.Length)
        {
            int size = (int)Math.Min((uint)(data.Length - offset), ((uint)segmentSizes[i++ % segmentSizes.Length] % 64u) + 1u);
            chunks.Add(data.AsSpan(offset, size).ToArray());
            offset += size;
        }

        return FromChunks(chunks);
    }

    public static ReadOnlySequence<byte> FromChunks(IReadOnlyList<byte[]> chunks)
    {
        if (chunks.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(chunks[0], 0);
        Segment last = first;
        for (int i = 1; i < chunks.Count; i++)
        {
            last = last.Append(chunks[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static void AddFragment(List<byte> output, ReadOnlySpan<byte> fragment, bool last)
    {
        output.AddRange(Header((uint)fragment.Length, last));
        output.AddRange(fragment.ToArray());
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
