using System.Buffers.Binary;
using System.Net.Sockets;
using OncRpc.Messages;

namespace OncRpc.Tls;

/// <summary>
/// Sends the <c>AUTH_TLS</c> probe on a connected stream socket and reads the one record that answers it, byte
/// for byte (nothing past the reply is read, since TLS starts right after it). The reply is bounded by
/// <see cref="TlsProbe.MaxReplySize"/> and eight fragments. The caller bounds the time (a <see cref="TlsDeadline"/>
/// or a cancellation token).
/// </summary>
internal static class ProbeExchange
{
    private const int MaxFragments = 8;

    public static uint NewXid()
    {
        Span<byte> bytes = stackalloc byte[4];
#if NET
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
#else
        byte[] random = new byte[4];
        using (var rng = System.Security.Cryptography.RandomNumberGenerator.Create())
        {
            rng.GetBytes(random);
        }

        random.CopyTo(bytes);
#endif
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>The probe call as one record: the record mark, then the 40-byte call.</summary>
    public static byte[] BuildRecord(uint xid, uint program, uint version)
    {
        byte[] record = new byte[4 + TlsProbe.CallSize];
        int length = TlsProbe.WriteCall(record.AsSpan(4), xid, program, version);
        BinaryPrimitives.WriteUInt32BigEndian(record, 0x8000_0000u | (uint)length);
        return record;
    }

    /// <summary>The blocking exchange (the client's connect path, on a thread of its own).</summary>
    /// <exception cref="RpcProtocolException">The reply is not a well-formed answer to the probe.</exception>
    /// <exception cref="SocketException">The socket failed or was shut down.</exception>
    /// <exception cref="IOException">The server closed the connection.</exception>
    public static RpcReplyHeader Exchange(Socket socket, uint xid, uint program, uint version)
    {
        byte[] record = BuildRecord(xid, program, version);
        int sent = 0;
        while (sent < record.Length)
        {
            sent += socket.Send(record, sent, record.Length - sent, SocketFlags.None);
        }

        var reader = new FragmentReader();
        byte[] header = new byte[4];
        while (true)
        {
            ReceiveExactly(socket, header, 0, 4);
            int length = reader.Begin(header);
            ReceiveExactly(socket, reader.Body, reader.Length - length, length);
            if (reader.Last)
            {
                return TlsProbe.ReadReply(reader.Message, xid);
            }
        }
    }

    /// <summary>The asynchronous exchange (the public probe).</summary>
    public static async Task<RpcReplyHeader> ExchangeAsync(Socket socket, uint xid, uint program, uint version, CancellationToken cancellationToken)
    {
        byte[] record = BuildRecord(xid, program, version);
        int sent = 0;
        while (sent < record.Length)
        {
#if NET
            sent += await socket.SendAsync(record.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
#else
            sent += await socket.SendAsync(new ArraySegment<byte>(record, sent, record.Length - sent), SocketFlags.None).ConfigureAwait(false);
#endif
        }

        var reader = new FragmentReader();
        byte[] header = new byte[4];
        while (true)
        {
            await ReceiveExactlyAsync(socket, header, 0, 4, cancellationToken).ConfigureAwait(false);
            int length = reader.Begin(header);
            await ReceiveExactlyAsync(socket, reader.Body, reader.Length - length, length, cancellationToken).ConfigureAwait(false);
            if (reader.Last)
            {
                return TlsProbe.ReadReply(reader.Message, xid);
            }
        }
    }

    private static void ReceiveExactly(Socket socket, byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            int received = socket.Receive(buffer, offset, count, SocketFlags.None);
            if (received == 0)
            {
                throw new IOException("The server closed the connection before it answered the AUTH_TLS probe.");
            }

            offset += received;
            count -= received;
        }
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
#if NET
            int received = await socket.ReceiveAsync(buffer.AsMemory(offset, count), SocketFlags.None, cancellationToken).ConfigureAwait(false);
#else
            int received = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, offset, count), SocketFlags.None).ConfigureAwait(false);
#endif
            if (received == 0)
            {
                throw new IOException("The server closed the connection before it answered the AUTH_TLS probe.");
            }

            offset += received;
            count -= received;
        }
    }

    /// <summary>Reassembles the reply's fragments into one bounded buffer.</summary>
    private sealed class FragmentReader
    {
        private int _fragments;

        public byte[] Body { get; private set; } = new byte[TlsProbe.MaxReplySize];

        public int Length { get; private set; }

        public bool Last { get; private set; }

        public ReadOnlySpan<byte> Message => Body.AsSpan(0, Length);

        /// <summary>Takes a record mark and makes room for its fragment; returns the fragment's length.</summary>
        public int Begin(byte[] mark)
        {
            uint value = BinaryPrimitives.ReadUInt32BigEndian(mark);
            int length = (int)(value & 0x7FFF_FFFFu);
            Last = (value & 0x8000_0000u) != 0;
            if (++_fragments > MaxFragments)
            {
                throw new RpcProtocolException($"The reply to the AUTH_TLS probe has more than {MaxFragments} fragments.");
            }

            if (length > TlsProbe.MaxReplySize - Length)
            {
                throw new RpcProtocolException(
                    $"The reply to the AUTH_TLS probe announces {(long)Length + length} bytes; at most {TlsProbe.MaxReplySize} are accepted.");
            }

            Length += length;
            return length;
        }
    }
}
