using System.Buffers;

namespace OncRpc.Client.Transport;

/// <summary>A growable buffer writer over arrays from <see cref="ArrayPool{T}.Shared"/> that can be reset and reused.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    // Buffers grown past this are handed back after use so one burst does not pin memory for the connection's life.
    private const int RetainLimit = 64 * 1024;

    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity = 512)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int WrittenCount => _written;

    public byte[] Buffer => _buffer;

    public ReadOnlyMemory<byte> WrittenMemory => new(_buffer, 0, _written);

    public ReadOnlySpan<byte> WrittenSpan => new(_buffer, 0, _written);

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Drops everything written after <paramref name="length"/> bytes, undoing a write that failed halfway.</summary>
    public void Truncate(int length) => _written = Math.Min(_written, Math.Max(0, length));

    public void Reset()
    {
        _written = 0;
        if (_buffer.Length > RetainLimit)
        {
            byte[] old = _buffer;
            _buffer = ArrayPool<byte>.Shared.Rent(512);
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    public void Dispose()
    {
        byte[] old = _buffer;
        _buffer = [];
        _written = 0;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    private void Ensure(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        long target = Math.Max((long)_buffer.Length * 2, (long)_written + needed);
        if (target > int.MaxValue)
        {
            throw new ArgumentException("The message is too large to buffer.");
        }

        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)target);
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        byte[] old = _buffer;
        _buffer = bigger;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
