namespace OncRpc.Framing;

/// <summary>
/// Limits for reading records and the fragment size for writing them, for the record marking standard of
/// RFC 5531 section 11 (ONC RPC over TCP and other byte streams).
/// </summary>
/// <remarks>
/// The read limits are checked against each fragment header as soon as it arrives, before any byte of the record
/// is buffered or allocated: a peer that announces more is reported with <see cref="RpcProtocolException"/> and
/// the connection should be closed. The defaults are safe for untrusted peers. An instance is immutable once built;
/// share one across connections.
/// </remarks>
public sealed class RecordMarkingOptions
{
    /// <summary>The default value of <see cref="MaxRecordSize"/>: 4 MiB.</summary>
    public const int DefaultMaxRecordSize = 4 * 1024 * 1024;

    /// <summary>The default value of <see cref="MaxFragmentCount"/>: 4,096.</summary>
    public const int DefaultMaxFragmentCount = 4096;

    /// <summary>The default value of <see cref="MaxFragmentSize"/>: 1 MiB.</summary>
    public const int DefaultMaxFragmentSize = 1024 * 1024;

    /// <summary>The largest fragment length a record mark can express: 2^31 - 1 bytes.</summary>
    public const int MaxFragmentLength = int.MaxValue;

    private readonly int _maxRecordSize = DefaultMaxRecordSize;
    private readonly int _maxFragmentCount = DefaultMaxFragmentCount;
    private readonly int _maxFragmentSize = DefaultMaxFragmentSize;

    /// <summary>Gets the default options: 4 MiB records, 4,096 fragments per record, 1 MiB fragments when writing.</summary>
    public static RecordMarkingOptions Default { get; } = new();

    /// <summary>Gets the largest record, in bytes of payload summed over its fragments (record marks excluded), that a reader accepts. Default 4 MiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxRecordSize
    {
        get => _maxRecordSize;
        init => _maxRecordSize = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The maximum record size cannot be negative.");
    }

    /// <summary>Gets the largest number of fragments, empty ones included, that a reader accepts in one record. Default 4,096.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxFragmentCount
    {
        get => _maxFragmentCount;
        init => _maxFragmentCount = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A record has at least one fragment.");
    }

    /// <summary>Gets the largest fragment a writer produces; longer records are split into several fragments. Default 1 MiB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxFragmentSize
    {
        get => _maxFragmentSize;
        init => _maxFragmentSize = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A fragment holds at least one byte.");
    }
}
