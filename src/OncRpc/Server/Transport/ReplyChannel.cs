using System.Net;
using OncRpc.Xdr;

namespace OncRpc.Server.Transport;

/// <summary>
/// Where the replies of one connection or datagram socket go, and how it counts calls still running: the writing
/// half of a server transport, handed to the dispatcher with every call it reads.
/// </summary>
internal abstract class ReplyChannel(ServerEndpoint endpoint)
{
    public ServerEndpoint Endpoint { get; } = endpoint;

    /// <summary>
    /// Encodes and sends (or queues) one reply message. Never throws: a codec that fails is reported to the
    /// transport's <see cref="IServerConnectionHost"/>, which answers the call with SYSTEM_ERR instead.
    /// </summary>
    /// <returns>Whether the reply went out as given, was replaced with SYSTEM_ERR, or could not be sent at all.</returns>
    public abstract ReplyOutcome SendReply<T>(EndPoint? remote, uint xid, IXdrCodec<T> codec, in T message);

    /// <summary>Counts a call whose handler goes on running after the record that carried it was released.</summary>
    public abstract void BeginAsyncCall();

    /// <summary>Releases the slot taken by <see cref="BeginAsyncCall"/>.</summary>
    public abstract void EndAsyncCall();

    /// <summary>
    /// Asks the transport to start TLS once the reply being sent now (the <c>STARTTLS</c> answer) is out;
    /// <see langword="false"/> when it cannot (a datagram socket, or a start already asked for).
    /// </summary>
    public virtual bool TryBeginTls() => false;
}
