using System.Buffers.Binary;

namespace ShowMount.Tests.Support;

/// <summary>What the scripted daemon sends for one call.</summary>
internal sealed class Reply
{
    private readonly Func<uint, byte[]?> _build;

    private Reply(Func<uint, byte[]?> build, bool closeAfter)
    {
        _build = build;
        CloseAfter = closeAfter;
    }

    public bool CloseAfter { get; }

    /// <summary>No answer at all.</summary>
    public static Reply Silence { get; } = new(_ => null, false);

    /// <summary>An accepted, successful reply whose result is <paramref name="body"/>, in one record.</summary>
    public static Reply Success(byte[] body) => new(xid => Record(Header(xid, acceptStatus: 0), body), false);

    /// <summary>
    /// The same as <see cref="Success"/>, but the record is built once, now, and only its XID is patched per call:
    /// a test that counts the allocations of the client under attack must not count the server's copy of a huge reply.
    /// </summary>
    public static Reply PrebuiltSuccess(byte[] body)
    {
        byte[] record = Record(Header(0, acceptStatus: 0), body);
        return new(xid =>
        {
            BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(4), xid);
            return record;
        }, false);
    }

    /// <summary>An accepted reply with an error status and no result (PROG_UNAVAIL 1, PROC_UNAVAIL 3, GARBAGE_ARGS 4, SYSTEM_ERR 5).</summary>
    public static Reply Accepted(uint status) => new(xid => Record(Header(xid, status), []), false);

    /// <summary>A denied reply: AUTH_ERROR with the given auth status.</summary>
    public static Reply AuthError(uint why) => new(xid => Record(Words(xid, 1, 1, 1, why), []), false);

    /// <summary>PROG_MISMATCH with the given range.</summary>
    public static Reply ProgramMismatch(uint low, uint high) => new(xid => Record(Header(xid, acceptStatus: 2), Words(low, high)), false);

    /// <summary>A record mark announcing <paramref name="announced"/> bytes followed by <paramref name="sent"/> bytes of zeros.</summary>
    public static Reply HugeRecord(uint announced, int sent) => new(xid =>
    {
        var bytes = new byte[4 + sent];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x8000_0000u | announced);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), xid);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 1);
        return bytes;
    }, true);

    public byte[]? Build(uint xid) => _build(xid);

    /// <summary>XDR words, big-endian.</summary>
    public static byte[] Words(params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), words[i]);
        }

        return bytes;
    }

    /// <summary>An XDR string: length, bytes, zero padding.</summary>
    public static byte[] XdrString(string s)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(s);
        var bytes = new byte[4 + ((text.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)text.Length);
        text.CopyTo(bytes, 4);
        return bytes;
    }

    private static byte[] Header(uint xid, uint acceptStatus) => Words(xid, 1, 0, 0, 0, acceptStatus);

    private static byte[] Record(byte[] header, byte[] body)
    {
        var bytes = new byte[4 + header.Length + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x8000_0000u | (uint)(header.Length + body.Length));
        header.CopyTo(bytes, 4);
        body.CopyTo(bytes, 4 + header.Length);
        return bytes;
    }
}
