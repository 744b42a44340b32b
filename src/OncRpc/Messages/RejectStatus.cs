namespace OncRpc.Messages;

/// <summary>Why a server denied a call (<c>reject_stat</c> in RFC 5531).</summary>
public enum RejectStatus
{
    /// <summary>The server does not speak the RPC version of the call; the reply carries the lowest and highest versions it supports (<c>RPC_MISMATCH</c>).</summary>
    RpcMismatch = 0,

    /// <summary>The server could not authenticate the caller; the reply carries an <see cref="Messages.AuthStatus"/> (<c>AUTH_ERROR</c>).</summary>
    AuthError = 1,
}
