using System.Buffers;

namespace OncRpc.Framing;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over the output that inserts a record mark every
/// <c>fragmentSize</c> bytes of a record whose total length is known in advance, so that a long record is
/// encoded in place and split into fragments without an intermediate buffer.
/// </summary>
/// <remarks>
/// Memory that lies within the current fragment is handed out straight from the output. A request that would
/// straddle a fragment boundary (an XDR item must be written into one contiguous span) gets a pooled scratch
/// buffer instead, copied to the output, record mark inserted, on <see cref="Advance"/>. One instance per thread
/// is cached, so splitting does not allocate in steady state.
/// </remarks>
internal sealed class FragmentingBufferWriter : IBufferWriter<byte>
{
    [ThreadStatic]
    private static FragmentingBufferWriter? t_cached;

    private IBufferWriter<byte>? _output;
    private int _fragmentSize;
    private long _remaining;
    private int _fragmentRemaining;
    private byte[]? _scratch;
    private bool _scratchHandedOut;

    private FragmentingBufferWriter()
    {
    }

    public static FragmentingBufferWriter Rent(IBufferWriter<byte> output, long totalLength, int fragmentSize)
    {
        FragmentingBufferWriter writer = t_cached ?? new FragmentingBufferWriter();
        t_cached = null;
        writer._output = output;
        writer._fragmentSize = fragmentSize;
        writer._remaining = totalLength;
        writer._fragmentRemaining = 0;
        writer._scratchHandedOut = false;
        return writer;
    }

    public void Return()
    {
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }

        _output = null;
        t_cached = this;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        IBufferWriter<byte> output = _output ?? throw new ObjectDisposedException(nameof(FragmentingBufferWriter));
        if (sizeHint < 1)
        {
            sizeHint = 1;
        }

        StartFragmentIfNeeded(output);
        if (sizeHint <= _fragmentRemaining)
        {
            _scratchHandedOut = false;
            Memory<byte> memory = output.GetMemory(sizeHint);
            return memory.Length > _fragmentRemaining ? memory.Slice(0, _fragmentRemaining) : memory;
        }

        if (_scratch is null || _scratch.Length < sizeHint)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = null;
            _scratch = ArrayPool<byte>.Shared.Rent(sizeHint);
        }

        _scratchHandedOut = true;
        return _scratch;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count)
    {
        IBufferWriter<byte> output = _output ?? throw new ObjectDisposedException(nameof(FragmentingBufferWriter));
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (count > _remaining)
        {
            throw new InvalidOperationException(
                $"The codec wrote more bytes than its GetEncodedSize announced; the record on the output is corrupt.");
        }

        if (!_scratchHandedOut)
        {
            if (count > _fragmentRemaining)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            output.Advance(count);
            _fragmentRemaining -= count;
            _remaining -= count;
            return;
        }

        _scratchHandedOut = false;
        ReadOnlySpan<byte> source = _scratch.AsSpan(0, count);
        while (!source.IsEmpty)
        {
            StartFragmentIfNeeded(output);
            int length = Math.Min(source.Length, _fragmentRemaining);
            source.Slice(0, length).CopyTo(output.GetSpan(length));
            output.Advance(length);
            _fragmentRemaining -= length;
            _remaining -= length;
            source = source.Slice(length);
        }
    }

    private void StartFragmentIfNeeded(IBufferWriter<byte> output)
    {
        if (_fragmentRemaining == 0 && _remaining > 0)
        {
            int length = (int)Math.Min(_remaining, _fragmentSize);
            RecordMarking.WriteFragmentHeader(output, length, last: length == _remaining);
            _fragmentRemaining = length;
        }
    }
}
