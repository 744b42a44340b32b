namespace OncRpc.Messages;

/// <summary>
/// Why a server could not authenticate a call (<c>auth_stat</c> in RFC 5531). Values not listed here are kept
/// as their numeric value.
/// </summary>
public enum AuthStatus
{
    /// <summary>Authentication succeeded (<c>AUTH_OK</c>).</summary>
    Ok = 0,

    /// <summary>The credential is malformed (<c>AUTH_BADCRED</c>).</summary>
    BadCredential = 1,

    /// <summary>The client must begin a new session (<c>AUTH_REJECTEDCRED</c>).</summary>
    RejectedCredential = 2,

    /// <summary>The verifier is malformed (<c>AUTH_BADVERF</c>).</summary>
    BadVerifier = 3,

    /// <summary>The verifier has expired or was replayed (<c>AUTH_REJECTEDVERF</c>).</summary>
    RejectedVerifier = 4,

    /// <summary>The server refuses the flavor for security reasons (<c>AUTH_TOOWEAK</c>).</summary>
    TooWeak = 5,

    /// <summary>The response verifier is invalid (<c>AUTH_INVALIDRESP</c>, reported by clients).</summary>
    InvalidResponse = 6,

    /// <summary>Authentication failed for an unknown reason (<c>AUTH_FAILED</c>, reported by clients).</summary>
    Failed = 7,

    /// <summary>A Kerberos error (<c>AUTH_KERB_GENERIC</c>).</summary>
    KerberosGeneric = 8,

    /// <summary>The Kerberos credential has expired (<c>AUTH_TIMEEXPIRE</c>).</summary>
    TimeExpired = 9,

    /// <summary>The Kerberos ticket file is bad (<c>AUTH_TKT_FILE</c>).</summary>
    TicketFileProblem = 10,

    /// <summary>The Kerberos authenticator could not be decoded (<c>AUTH_DECODE</c>).</summary>
    DecodeFailed = 11,

    /// <summary>The network address in the Kerberos ticket is wrong (<c>AUTH_NET_ADDR</c>).</summary>
    NetAddressProblem = 12,

    /// <summary>The RPCSEC_GSS credential has a problem: no credential for the user (<c>RPCSEC_GSS_CREDPROBLEM</c>).</summary>
    GssCredentialProblem = 13,

    /// <summary>The RPCSEC_GSS context has a problem (<c>RPCSEC_GSS_CTXPROBLEM</c>).</summary>
    GssContextProblem = 14,
}
