using System.Net;
using OncRpc.Messages;
using OncRpc.Client.Transport;

namespace OncRpc.Client;

/// <summary>
/// Asks a server whether it offers RPC-with-TLS (RFC 9289), without starting TLS: connects over TCP, sends the
/// NULL call with the <c>AUTH_TLS</c> credential, reads the answer and closes the connection. Works on every
/// target framework, since no TLS is involved.
/// </summary>
public static class RpcTlsProbe
{
    /// <summary>Sends the <c>AUTH_TLS</c> probe to one program and version of a TCP server.</summary>
    /// <param name="endPoint">The server's TCP endpoint.</param>
    /// <param name="program">The program the probe goes to (a server may answer it only for programs it serves).</param>
    /// <param name="version">The version the probe goes to.</param>
    /// <param name="timeout">The time connecting and the exchange together may take.</param>
    /// <param name="cancellationToken">A token to cancel the probe.</param>
    /// <returns>
    /// The header of the server's answer. <see cref="OffersTls"/> tells whether it is the <c>STARTTLS</c> answer;
    /// a server without TLS usually answers AUTH_ERROR (<see cref="AuthStatus.BadCredential"/>).
    /// </returns>
    /// <exception cref="RpcException">Connecting failed (<see cref="RpcStatus.SystemError"/>) or the connection broke (<see cref="RpcStatus.CantReceive"/>).</exception>
    /// <exception cref="RpcProtocolException">The answer is not a well-formed reply to the probe.</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Task<RpcReplyHeader> ProbeAsync(EndPoint endPoint, uint program, uint version, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        RpcClientOptions.CheckTimeout(timeout, nameof(timeout));
        return TlsProbeConnection.ProbeAsync(endPoint, program, version, timeout, cancellationToken);
    }

    /// <summary>Gets a value indicating whether a server's answer to the probe is <c>STARTTLS</c>: an accepted reply whose <c>AUTH_NONE</c> verifier holds those eight bytes.</summary>
    /// <param name="reply">The answer, from <see cref="ProbeAsync"/>.</param>
    /// <returns><see langword="true"/> when the server is ready for a TLS handshake.</returns>
    public static bool OffersTls(in RpcReplyHeader reply) => reply.IsSuccess && TlsProbe.IsStartTls(reply.Verifier);
}
