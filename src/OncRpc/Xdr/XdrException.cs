namespace OncRpc.Xdr;

/// <summary>
/// The exception that is thrown when XDR data is malformed: it ends too early, announces a length beyond what
/// remains or beyond a configured limit, carries non-zero padding, an invalid boolean, an unknown union
/// discriminant or a string that is not valid text.
/// </summary>
/// <remarks>
/// A reader that throws this exception is left at the position it had before the failed read.
/// Misuse of the API (for example a destination buffer that is too small) is reported with
/// <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/>, never with this type.
/// </remarks>
public sealed class XdrException : Exception
{
    /// <summary>Initializes a new instance with a message, the offset of the offending data and its kind.</summary>
    /// <param name="message">A description of what was expected.</param>
    /// <param name="offset">The byte offset, from the start of the reader's buffer, at which the problem was found.</param>
    /// <param name="error">The kind of problem.</param>
    public XdrException(string message, long offset, XdrError error)
        : base(message)
    {
        Offset = offset;
        Error = error;
    }

    /// <summary>Initializes a new instance with a message, the offset, its kind and the exception that caused it.</summary>
    /// <param name="message">A description of what was expected.</param>
    /// <param name="offset">The byte offset at which the problem was found.</param>
    /// <param name="error">The kind of problem.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public XdrException(string message, long offset, XdrError error, Exception? innerException)
        : base(message, innerException)
    {
        Offset = offset;
        Error = error;
    }

    /// <summary>Gets the byte offset, from the start of the reader's buffer, at which the problem was found.</summary>
    public long Offset { get; }

    /// <summary>Gets the kind of problem.</summary>
    public XdrError Error { get; }
}
