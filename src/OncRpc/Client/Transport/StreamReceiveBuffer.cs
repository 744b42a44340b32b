using System.Buffers;
using System.Net.Sockets;
using OncRpc.Framing;

namespace OncRpc.Client.Transport;

/// <summary>
/// The pooled buffer a stream transport's receiver reads into, and the bytes in it not yet parsed into records.
/// Owned by the current receiver; records are handed out in place, valid until the next read.
/// </summary>
internal sealed class StreamReceiveBuffer
{
    private const int InitialSize = 16 * 1024;

    private readonly RecordMarkingOptions _framing;
    private readonly int _limit;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public StreamReceiveBuffer(RecordMarkingOptions framing)
    {
        _framing = framing;
        _limit = (int)Math.Min(int.MaxValue, (long)framing.MaxRecordSize + (4L * framing.MaxFragmentCount));
        _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    }

    /// <summary>Gets a value indicating whether every byte received has been parsed into records.</summary>
    public bool IsEmpty => _start == _end;

    /// <summary>
    /// Takes over from a receiver held by a caller: its buffer may still be in use (a reply read in place), so the
    /// unparsed bytes move to a new one. The old buffer is left to the collector.
    /// </summary>
    public void MoveToFreshBuffer()
    {
        byte[] fresh = ArrayPool<byte>.Shared.Rent(Math.Max(InitialSize, _end - _start));
        Buffer.BlockCopy(_buffer, _start, fresh, 0, _end - _start);
        _buffer = fresh;
        _end -= _start;
        _start = 0;
    }

    /// <summary>One blocking read into the free end of the buffer; <see langword="false"/> at the end of the stream.</summary>
    public bool Receive(Socket socket)
    {
        MakeRoom();
        int received = socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        _end += received;
        return received != 0;
    }

    /// <summary>One blocking read from a TLS stream into the free end of the buffer; <see langword="false"/> at the end of the stream.</summary>
    public bool Receive(Stream stream)
    {
        MakeRoom();
        int received = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += received;
        return received != 0;
    }

    /// <summary>Makes room at the free end of the buffer and returns it, for an asynchronous read; <see cref="Advance"/> counts what it received.</summary>
    /// <exception cref="RpcProtocolException">The buffer holds a partial record as large as the limit.</exception>
    public ArraySegment<byte> PrepareReceive()
    {
        MakeRoom();
        return new ArraySegment<byte>(_buffer, _end, _buffer.Length - _end);
    }

    /// <summary>Counts <paramref name="received"/> bytes read into the segment <see cref="PrepareReceive"/> returned.</summary>
    public void Advance(int received) => _end += received;

    /// <summary>Takes the next whole record, if the buffer holds one.</summary>
    /// <exception cref="RpcProtocolException">The record marking is malformed or over the limits.</exception>
    public bool TryTakeRecord(out RecordBuffer record)
    {
        var sequence = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
        if (!RecordMarking.TryReadRecord(ref sequence, _framing, out record))
        {
            if (_start == _end)
            {
                _start = _end = 0;
            }

            return false;
        }

        _start = _end - (int)sequence.Length;
        return true;
    }

    /// <summary>Gives the buffer back to the pool; the receiving has ended.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(_buffer);

    private void MakeRoom()
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        else if (_buffer.Length >= _limit)
        {
            // The framer rejects a record header over the limits first; this guards the buffer regardless.
            throw new RpcProtocolException($"The server sent a record larger than the limit of {_limit} bytes.");
        }
        else
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_limit, (long)_buffer.Length * 2));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }
}
