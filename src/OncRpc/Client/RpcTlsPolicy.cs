namespace OncRpc.Client;

/// <summary>What an <see cref="RpcClient"/> does when the server does not answer the <c>AUTH_TLS</c> probe with <c>STARTTLS</c>.</summary>
public enum RpcTlsPolicy
{
    /// <summary>
    /// TLS is required: connecting fails with <see cref="RpcTlsException"/> (<see cref="RpcTlsError.NotOffered"/>)
    /// when the server does not offer it. Nothing but the probe is ever sent in clear text.
    /// </summary>
    Required = 0,

    /// <summary>
    /// TLS is used when the server offers it; otherwise the client goes on in clear text on the same connection
    /// (<see cref="RpcClient.IsEncrypted"/> then says <see langword="false"/>). A failed handshake after a
    /// <c>STARTTLS</c> answer still fails: the connection is then in an unknown state.
    /// </summary>
    Opportunistic = 1,
}
