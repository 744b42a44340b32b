namespace OncRpc;

/// <summary>
/// The exception that is thrown when RPC-with-TLS (RFC 9289) cannot be set up on a connection. Its
/// <see cref="RpcException.Status"/> is <see cref="RpcStatus.TlsFailure"/>; <see cref="Error"/> says why, and the
/// inner exception, when there is one, is what the TLS layer reported (an
/// <see cref="System.Security.Authentication.AuthenticationException"/> or an <see cref="IOException"/>).
/// </summary>
public sealed class RpcTlsException : RpcException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="error">Why TLS could not be set up.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The exception the TLS layer reported, if any.</param>
    public RpcTlsException(RpcTlsError error, string message, Exception? innerException = null)
        : base(RpcStatus.TlsFailure, message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets why TLS could not be set up.</summary>
    public RpcTlsError Error { get; }

    internal override RpcException CopyForCall() => new RpcTlsException(Error, Message, InnerException);
}
