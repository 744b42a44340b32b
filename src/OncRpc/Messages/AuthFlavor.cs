namespace OncRpc.Messages;

/// <summary>
/// The authentication flavor of a credential or verifier (<c>auth_flavor</c> in RFC 5531). Flavors not listed
/// here are kept as their numeric value so that they survive decoding and re-encoding.
/// </summary>
public enum AuthFlavor
{
    /// <summary>No authentication (<c>AUTH_NONE</c>, also known as <c>AUTH_NULL</c>).</summary>
    None = 0,

    /// <summary>Unix-style credentials: machine name, user and group ids (<c>AUTH_SYS</c>, also known as <c>AUTH_UNIX</c>).</summary>
    Sys = 1,

    /// <summary>A short-hand credential a server hands out in place of a longer one (<c>AUTH_SHORT</c>).</summary>
    Short = 2,

    /// <summary>Diffie-Hellman authentication (<c>AUTH_DH</c>, also known as <c>AUTH_DES</c>).</summary>
    Dh = 3,

    /// <summary>RPCSEC_GSS (RFC 2203).</summary>
    RpcSecGss = 6,

    /// <summary>The probe a client sends to start RPC-with-TLS (<c>AUTH_TLS</c>, RFC 9289).</summary>
    Tls = 7,
}
