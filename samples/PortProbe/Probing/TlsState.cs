namespace PortProbe.Probing;

/// <summary>How a service answered the RPC-with-TLS probe (RFC 9289: a NULL call with the AUTH_TLS credential).</summary>
internal enum TlsState
{
    /// <summary>Not asked: TCP is not open, or the service is not registered over TCP.</summary>
    NotChecked,

    /// <summary>Answered STARTTLS: the service offers RPC-with-TLS. No handshake is started.</summary>
    StartTls,

    /// <summary>Answered AUTH_ERROR: the service does not know AUTH_TLS.</summary>
    Refused,

    /// <summary>Answered without the STARTTLS verifier (an accepted reply, or another error).</summary>
    NoStartTls,

    /// <summary>No usable answer: the connection failed, timed out or the reply was malformed.</summary>
    Error,
}
