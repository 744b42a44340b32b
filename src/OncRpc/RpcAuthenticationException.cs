using System.Globalization;
using OncRpc.Messages;

namespace OncRpc;

/// <summary>
/// The exception that is thrown when the server rejects the call's credentials or verifier (denied with
/// AUTH_ERROR). <see cref="AuthStatus"/> says why.
/// </summary>
public sealed class RpcAuthenticationException : RpcException
{
    /// <summary>Initializes a new instance with the reason the server gave.</summary>
    /// <param name="authStatus">Why the server rejected the credentials.</param>
    public RpcAuthenticationException(AuthStatus authStatus)
        : base(RpcStatus.AuthError, "RPC: Authentication error; why = " + Describe(authStatus))
    {
        AuthStatus = authStatus;
    }

    /// <summary>Gets why the server rejected the credentials.</summary>
    public AuthStatus AuthStatus { get; }

    internal override RpcException CopyForCall() => new RpcAuthenticationException(AuthStatus);

    // The texts libtirpc prints for each auth_stat; it knows no text beyond AUTH_FAILED.
    private static string Describe(AuthStatus status) => (int)status switch
    {
        0 => "Authentication OK",
        1 => "Invalid client credential",
        2 => "Server rejected credential",
        3 => "Invalid client verifier",
        4 => "Server rejected verifier",
        5 => "Client credential too weak",
        6 => "Invalid server verifier",
        7 => "Failed (unspecified error)",
        _ => string.Format(CultureInfo.InvariantCulture, "(unknown authentication error - {0})", (int)status),
    };
}
