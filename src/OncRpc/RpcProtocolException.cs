namespace OncRpc;

/// <summary>
/// The exception that is thrown when a peer breaks the protocol: a record header announcing more than the
/// configured limit, too many fragments, a record cut short, or a message that is not RPC version 2. The
/// connection it arrived on should be closed.
/// </summary>
public sealed class RpcProtocolException : RpcException
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public RpcProtocolException(string message)
        : base(RpcStatus.ProtocolError, message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RpcProtocolException(string message, Exception? innerException)
        : base(RpcStatus.ProtocolError, message, innerException)
    {
    }

    internal override RpcException CopyForCall() => new RpcProtocolException(Message, InnerException);
}
