namespace OncRpc;

/// <summary>
/// The exception that is thrown when an RPC call, or the exchange of RPC messages beneath it, fails. The
/// <see cref="Status"/> says why; derived types carry the details of particular failures.
/// </summary>
/// <remarks>Timeouts are reported with <see cref="TimeoutException"/>, malformed XDR with <see cref="Xdr.XdrException"/> (wrapped when it comes from a peer's reply).</remarks>
public class RpcException : Exception
{
    /// <summary>Initializes a new instance with a status and a message.</summary>
    /// <param name="status">Why the call failed.</param>
    /// <param name="message">The message, in the style of libtirpc (for example <c>RPC: Program not registered</c>).</param>
    public RpcException(RpcStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Initializes a new instance with a status, a message and the exception that caused it.</summary>
    /// <param name="status">Why the call failed.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public RpcException(RpcStatus status, string message, Exception? innerException)
        : base(message, innerException)
    {
        Status = status;
    }

    /// <summary>Gets why the call failed.</summary>
    public RpcStatus Status { get; }
}
