using System.Buffers;

namespace OncRpc.Fuzz.Targets;

/// <summary>A sequence segment, to present one buffer as many, the way pipe memory arrives.</summary>
internal sealed class Segment : ReadOnlySequenceSegment<byte>
{
    private Segment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes, int chunk)
    {
        if (bytes.Length <= chunk)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, chunk), 0);
        Segment last = first;
        for (int offset = chunk; offset < bytes.Length; offset += chunk)
        {
            var next = new Segment(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)), offset);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
