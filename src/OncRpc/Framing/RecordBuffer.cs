using System.Buffers;

namespace OncRpc.Framing;

/// <summary>
/// A complete record read by <see cref="RecordMarking.TryReadRecord"/>, fragments joined, record marks removed.
/// </summary>
/// <remarks>
/// A record that arrived as one fragment in one buffer segment is a slice of that buffer, not a copy: it is valid
/// only until the buffer is released (for a pipe, until <see cref="System.IO.Pipelines.PipeReader.AdvanceTo(SequencePosition)"/>).
/// Any other record is copied once into a buffer rented from <see cref="ArrayPool{T}.Shared"/>, which
/// <see cref="Dispose"/> returns. Dispose every record exactly once, and do not use it, or a copy of it, afterwards.
/// </remarks>
public readonly struct RecordBuffer : IDisposable
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly byte[]? _rented;

    internal RecordBuffer(ReadOnlyMemory<byte> memory, byte[]? rented)
    {
        _memory = memory;
        _rented = rented;
    }

    /// <summary>Gets the payload of the record.</summary>
    public ReadOnlyMemory<byte> Memory => _memory;

    /// <summary>Gets the payload of the record.</summary>
    public ReadOnlySpan<byte> Span => _memory.Span;

    /// <summary>Gets the length of the payload in bytes.</summary>
    public int Length => _memory.Length;

    /// <summary>Gets a value indicating whether the payload was copied into a pooled buffer rather than sliced from the input.</summary>
    public bool IsCopy => _rented is not null;

    /// <summary>Returns the pooled buffer, if any, to the pool.</summary>
    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }
    }
}
