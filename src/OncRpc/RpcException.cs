namespace OncRpc;

/// <summary>
/// The exception that is thrown when an RPC call, or the exchange of RPC messages beneath it, fails. The
/// <see cref="Status"/> says why; derived types carry the details of particular failures.
/// </summary>
/// <remarks>
/// <para>The family, all in this namespace (the table with every status is in <c>docs/exceptions.md</c>):
/// <see cref="RpcProgramMismatchException"/> (PROG_MISMATCH, with the versions the server supports),
/// <see cref="RpcVersionMismatchException"/> (RPC_MISMATCH, with the RPC versions the server speaks),
/// <see cref="RpcAuthenticationException"/> (AUTH_ERROR, with the reason),
/// <see cref="RpcProtocolException"/> (a peer broke the protocol; the connection is closed) and
/// <see cref="RpcCallRejectedException"/> (thrown by a server's handler to answer with an error).
/// Every other failed reply is a plain <see cref="RpcException"/> whose <see cref="Status"/> tells them apart.</para>
/// <para>Not in the family: a call that times out throws <see cref="TimeoutException"/> (<c>RPC: Timed out</c>), a
/// call whose caller cancels it throws <see cref="OperationCanceledException"/>, a call on a disposed client
/// throws <see cref="ObjectDisposedException"/>, and malformed XDR read directly with an <see cref="Xdr.XdrReader"/>
/// throws <see cref="Xdr.XdrException"/> (a call's reply that fails to decode is an <see cref="RpcException"/> with
/// <see cref="RpcStatus.CantDecodeResult"/> and the <see cref="Xdr.XdrException"/> as its inner exception).</para>
/// <para>A failure that ends a whole connection fails every outstanding and later call, each with its own
/// instance of the same type, status, message and data.</para>
/// </remarks>
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

    /// <summary>
    /// A fresh instance of the same type with the same status, message, data and inner exception, so that each call
    /// failed by one connection-wide failure throws an instance of its own. A type derived outside this library is
    /// returned as it is, since only it knows how to copy itself.
    /// </summary>
    internal virtual RpcException CopyForCall() =>
        GetType() == typeof(RpcException) ? new RpcException(Status, Message, InnerException) : this;
}
