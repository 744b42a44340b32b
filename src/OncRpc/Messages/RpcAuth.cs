namespace OncRpc.Messages;

/// <summary>
/// The authentication a client puts on its calls: the credential and verifier to send, and the
/// <c>AUTH_SHORT</c> credential a server may hand out in reply to a longer one.
/// </summary>
/// <remarks>
/// <para>Thread-safe: one instance serves any number of concurrent calls. The full credential never changes; the
/// short one is replaced atomically, so a caller always sees either of them, never a mix.</para>
/// <para>The AUTH_SHORT exchange (RFC 5531, section 14): when a reply's verifier has the flavor
/// <see cref="AuthFlavor.Short"/>, pass it to <see cref="OnReplyVerifier"/>; later calls then send it as their
/// credential. When the server answers with <see cref="RejectStatus.AuthError"/>, pass the status to
/// <see cref="OnAuthError"/>: the short credential is dropped and a retry goes out with the full one.</para>
/// </remarks>
public sealed class RpcAuth
{
    private readonly OpaqueAuth _credential;

    // A box so that the 3-word OpaqueAuth is published atomically.
    private volatile StrongBox? _shortCredential;

    private RpcAuth(OpaqueAuth credential)
    {
        _credential = credential;
    }

    /// <summary>Gets the authentication that sends <c>AUTH_NONE</c> credentials and verifiers and never changes.</summary>
    public static RpcAuth None { get; } = new(OpaqueAuth.None);

    /// <summary>Gets the credential to send on the next call: the short one the server handed out, if any, else the full one.</summary>
    public OpaqueAuth Credential => _shortCredential?.Value ?? _credential;

    /// <summary>Gets the verifier to send on the next call; <c>AUTH_NONE</c> for the flavors this type supports.</summary>
    public OpaqueAuth Verifier => OpaqueAuth.None;

    /// <summary>Gets the full credential this instance was created with, never the short one.</summary>
    public OpaqueAuth FullCredential => _credential;

    /// <summary>Creates the authentication that sends an <c>AUTH_SYS</c> credential.</summary>
    /// <param name="parameters">The parameters, for example from <see cref="AuthSysParameters.ForCurrentProcess"/>.</param>
    /// <returns>A new instance, to be shared by the calls that use these parameters.</returns>
    public static RpcAuth Sys(AuthSysParameters parameters)
    {
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        return new RpcAuth(parameters.ToOpaqueAuth());
    }

    /// <summary>Records the verifier of an accepted reply: an <c>AUTH_SHORT</c> verifier becomes the credential of later calls.</summary>
    /// <param name="verifier">The verifier from the reply header.</param>
    /// <remarks>Other flavors are ignored, and so is everything when the full credential is <c>AUTH_NONE</c>. The body is copied, so it may be a slice of a buffer that is about to be reused.</remarks>
    public void OnReplyVerifier(OpaqueAuth verifier)
    {
        if (verifier.Flavor != AuthFlavor.Short || _credential.Flavor == AuthFlavor.None)
        {
            return;
        }

        StrongBox? current = _shortCredential;
        if (current is not null && current.Value.Equals(verifier))
        {
            return;
        }

        _shortCredential = new StrongBox(new OpaqueAuth(AuthFlavor.Short, verifier.Body.ToArray()));
    }

    /// <summary>Records that the server denied a call with <see cref="RejectStatus.AuthError"/>: the short credential, if any, is dropped so that the next call sends the full one.</summary>
    /// <param name="status">The reason the server gave.</param>
    public void OnAuthError(AuthStatus status)
    {
        // Any rejection may mean the server forgot the short credential (RFC 5531 says it may at any time); the
        // full credential is always a valid fallback, so there is nothing to gain from keeping it.
        if (status != AuthStatus.Ok)
        {
            _shortCredential = null;
        }
    }

    private sealed class StrongBox(OpaqueAuth value)
    {
        public OpaqueAuth Value { get; } = value;
    }
}
