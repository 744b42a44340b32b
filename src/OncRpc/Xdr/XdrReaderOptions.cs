namespace OncRpc.Xdr;

/// <summary>
/// Limits and strictness settings for <see cref="XdrReader"/>. The defaults are safe for data from untrusted
/// peers; raise a limit only for a peer you trust or a protocol that needs it.
/// </summary>
/// <remarks>
/// Every variable-length item is checked against both the bytes that remain and the limit here before anything
/// is allocated. An instance is immutable once it is in use; share one across readers.
/// </remarks>
public sealed class XdrReaderOptions
{
    /// <summary>The default options: 64 KiB strings, 1 MiB opaque data, 65,536 array and list elements, nesting 64 deep, strict padding and booleans, strict UTF-8.</summary>
    public static XdrReaderOptions Default { get; } = new();

    /// <summary>Gets the largest string length, in bytes, that a reader accepts. Default 65,536.</summary>
    public int MaxStringLength { get; init; } = 64 * 1024;

    /// <summary>Gets the largest variable-length opaque, in bytes, that a reader accepts. Default 1,048,576.</summary>
    public int MaxOpaqueLength { get; init; } = 1024 * 1024;

    /// <summary>Gets the largest element count of a variable-length array that a reader accepts. Default 65,536.</summary>
    public int MaxArrayLength { get; init; } = 64 * 1024;

    /// <summary>Gets the largest number of elements of a linked list (a chain of optional data) that a reader accepts. Default 65,536.</summary>
    public int MaxListLength { get; init; } = 64 * 1024;

    /// <summary>
    /// Gets the deepest nesting of self-containing values (trees, recursive unions) that a reader accepts, as counted
    /// by <see cref="XdrReader.EnterNested"/>. Default 64. Linked lists are not nested: their length is bounded by
    /// <see cref="MaxListLength"/> instead.
    /// </summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Gets a value indicating whether padding bytes must be zero. Default <see langword="true"/>.</summary>
    public bool RequireZeroPadding { get; init; } = true;

    /// <summary>Gets a value indicating whether a boolean must be exactly 0 or 1. Default <see langword="true"/>; when <see langword="false"/>, any non-zero value reads as <see langword="true"/>.</summary>
    public bool StrictBooleans { get; init; } = true;

    /// <summary>Gets a value indicating whether strings must be valid UTF-8. Default <see langword="true"/>; when <see langword="false"/>, invalid bytes decode to U+FFFD.</summary>
    public bool RequireValidUtf8 { get; init; } = true;

    /// <summary>
    /// Gets a pool that returns one shared instance for repeated short strings instead of allocating each time.
    /// Default <see langword="null"/> (every string is a new instance). Validation is unchanged with a pool.
    /// </summary>
    public XdrStringPool? StringPool { get; init; }
}
