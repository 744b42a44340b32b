using System.Buffers;

namespace OncRpc.Framing;

/// <summary>
/// The one way records are read from a byte stream: takes complete records off the front of the bytes received so
/// far, and assembles a large record in a pooled buffer as its bytes arrive. Used by <see cref="RecordReader"/> and
/// by the server's connections, each driving its own pipe.
/// </summary>
/// <remarks>
/// A record that is complete in the bytes given is read by <see cref="RecordMarking.TryReadRecord"/>: sliced, not
/// copied, when it is one fragment in one segment. A record still incomplete once <see cref="AssemblyThreshold"/>
/// bytes of it are buffered is not left in the caller's buffer: its bytes are consumed as they arrive and copied
/// into a pooled buffer that grows with the bytes received (never to the announced size), so a pipe's unconsumed
/// bytes stay below its default pause threshold whatever the record size. Not thread-safe: one per stream.
/// </remarks>
internal sealed class RecordFramer
{
    /// <summary>
    /// Once this many bytes of a still incomplete record are buffered, the framer assembles the record itself. It
    /// keeps a pipe's unconsumed bytes below its default pause threshold (64 KiB).
    /// </summary>
    public const int AssemblyThreshold = 16 * 1024;

    private readonly RecordMarkingOptions _options;

    // State of a record being assembled incrementally (null when none).
    private byte[]? _assembly;
    private int _assembled;
    private int _fragmentRemaining;
    private int _fragmentCount;
    private long _announced;
    private bool _lastFragment;

    public RecordFramer(RecordMarkingOptions options)
    {
        _options = options;
    }

    public RecordMarkingOptions Options => _options;

    /// <summary>Gets whether a record has begun but not ended in what was received: here, or still in <paramref name="buffer"/>.</summary>
    public bool IsInsideRecord(in ReadOnlySequence<byte> buffer) => !buffer.IsEmpty || _assembly is not null;

    /// <summary>Gets how many bytes of an incomplete record are held here or still in <paramref name="buffer"/>.</summary>
    public long PendingBytes(in ReadOnlySequence<byte> buffer) => buffer.Length + _assembled;

    /// <summary>
    /// Reads the next complete record, consuming its bytes (and those of a large record being assembled) from the
    /// front of <paramref name="buffer"/>.
    /// </summary>
    /// <returns><see langword="true"/> with a record to dispose; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="RpcProtocolException">A record exceeds the limits of <see cref="Options"/>; the stream cannot be resynchronized.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out RecordBuffer record)
    {
        if (_assembly is null)
        {
            if (RecordMarking.TryReadRecord(ref buffer, _options, out record))
            {
                return true;
            }

            if (buffer.Length < AssemblyThreshold)
            {
                return false;
            }

            StartAssembly();
        }

        return ContinueAssembly(ref buffer, out record);
    }

    /// <summary>Returns the buffer of a record being assembled to the pool, after an error ended the stream.</summary>
    public void Reset()
    {
        if (_assembly is not null)
        {
            ArrayPool<byte>.Shared.Return(_assembly);
            _assembly = null;
            _assembled = 0;
        }
    }

    private void StartAssembly()
    {
        _assembly = ArrayPool<byte>.Shared.Rent(AssemblyThreshold);
        _assembled = 0;
        _fragmentRemaining = 0;
        _fragmentCount = 0;
        _announced = 0;
        _lastFragment = false;
    }

    /// <summary>Moves the bytes of the record being assembled out of <paramref name="buffer"/>; hands it over once complete.</summary>
    private bool ContinueAssembly(ref ReadOnlySequence<byte> buffer, out RecordBuffer record)
    {
        while (true)
        {
            if (_fragmentRemaining == 0)
            {
                if (_lastFragment)
                {
                    // The record now owns the pooled buffer; disposing it returns the buffer.
                    record = new RecordBuffer(new ReadOnlyMemory<byte>(_assembly, 0, _assembled), _assembly);
                    _assembly = null;
                    _assembled = 0;
                    return true;
                }

                if (buffer.Length < RecordMarking.HeaderSize)
                {
                    record = default;
                    return false;
                }

                uint header = RecordMarking.ReadHeader(buffer);
                int fragmentLength = (int)(header & ~RecordMarking.LastFragmentFlag);
                _fragmentCount++;
                _announced += fragmentLength;
                RecordMarking.CheckLimits(_fragmentCount, _announced, fragmentLength, _options);
                buffer = buffer.Slice(RecordMarking.HeaderSize);
                _fragmentRemaining = fragmentLength;
                _lastFragment = (header & RecordMarking.LastFragmentFlag) != 0;
                continue;
            }

            if (buffer.IsEmpty)
            {
                record = default;
                return false;
            }

            int count = (int)Math.Min(buffer.Length, _fragmentRemaining);
            EnsureAssemblyCapacity(_assembled + count);
            buffer.Slice(0, count).CopyTo(_assembly.AsSpan(_assembled));
            buffer = buffer.Slice(count);
            _assembled += count;
            _fragmentRemaining -= count;
        }
    }

    private void EnsureAssemblyCapacity(int needed)
    {
        byte[] current = _assembly!;
        if (current.Length >= needed)
        {
            return;
        }

        // Grow with the bytes actually received, never to the announced size: a peer that announces a large record
        // and sends little costs little.
        int size = (int)Math.Min(Math.Max((long)current.Length * 2, needed), Math.Max(needed, _options.MaxRecordSize));
        byte[] larger = ArrayPool<byte>.Shared.Rent(size);
        current.AsSpan(0, _assembled).CopyTo(larger);
        _assembly = larger;
        ArrayPool<byte>.Shared.Return(current);
    }
}
