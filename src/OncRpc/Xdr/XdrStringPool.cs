using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace OncRpc.Xdr;

/// <summary>
/// A small, fixed-size cache of decoded strings that lets <see cref="XdrReader.ReadString(int)"/> return the same
/// <see cref="string"/> instance for byte sequences it has seen before instead of allocating a new one.
/// </summary>
/// <remarks>
/// <para>RPC replies repeat the same short strings many times: every entry of an rpcbind dump carries a netid
/// (<c>tcp</c>, <c>udp6</c>, ...), a universal address and an owner. Set <see cref="XdrReaderOptions.StringPool"/>
/// to a pool and a reader decodes each distinct short string once; later occurrences cost a hash and a byte
/// comparison, and allocate nothing.</para>
/// <para>The pool has a fixed number of slots and never grows: a new string replaces whatever occupied its slot,
/// so a peer sending endless distinct strings cannot make it hold more than <see cref="Capacity"/> strings of at
/// most <see cref="MaxLength"/> bytes each. Strings longer than <see cref="MaxLength"/> bypass the pool.
/// Instances are safe to share between threads and readers: each slot holds an immutable entry that is replaced
/// atomically. Strings are validated exactly as without a pool before they enter it.</para>
/// </remarks>
public sealed class XdrStringPool
{
    private readonly Entry?[] _slots;
    private readonly int _mask;

    /// <summary>Initializes a pool.</summary>
    /// <param name="capacity">The number of slots, rounded up to a power of two; between 1 and 65,536. Default 256.</param>
    /// <param name="maxLength">The longest string, in bytes, that is pooled; between 1 and 1,024. Default 64.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public XdrStringPool(int capacity = 256, int maxLength = 64)
    {
        if (capacity < 1 || capacity > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be between 1 and 65,536.");
        }

        if (maxLength < 1 || maxLength > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must be between 1 and 1,024.");
        }

        int size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }

        _slots = new Entry?[size];
        _mask = size - 1;
        MaxLength = maxLength;
    }

    /// <summary>Gets the number of slots, which bounds the number of strings the pool holds.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Gets the longest string, in bytes of its encoding, that the pool keeps.</summary>
    public int MaxLength { get; }

    /// <summary>Returns the pooled string whose encoding is <paramref name="utf8"/>, or <see langword="null"/> if the slot holds another.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal string? TryGet(ReadOnlySpan<byte> utf8, out int slot)
    {
        slot = Hash(utf8) & _mask;
        Entry? entry = Volatile.Read(ref _slots[slot]);
        if (entry is not null && utf8.SequenceEqual(new ReadOnlySpan<byte>(entry.Bytes)))
        {
            return entry.Value;
        }

        return null;
    }

    /// <summary>Stores a decoded string in the slot <see cref="TryGet"/> chose for it.</summary>
    internal void Add(int slot, ReadOnlySpan<byte> utf8, string value) =>
        Volatile.Write(ref _slots[slot], new Entry(utf8.ToArray(), value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a over 32-bit words, then the tail bytes; the length is mixed in first. Quality only affects the hit
        // rate, never correctness: a lookup always compares the bytes.
        uint hash = 2166136261u ^ (uint)bytes.Length;
        ref byte source = ref MemoryMarshal.GetReference(bytes);
        int i = 0;
        for (; i <= bytes.Length - 4; i += 4)
        {
            hash = (hash ^ Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, i))) * 16777619u;
        }

        for (; i < bytes.Length; i++)
        {
            hash = (hash ^ Unsafe.Add(ref source, i)) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15));
    }

    private sealed class Entry
    {
        public Entry(byte[] bytes, string value)
        {
            Bytes = bytes;
            Value = value;
        }

        public byte[] Bytes { get; }

        public string Value { get; }
    }
}
