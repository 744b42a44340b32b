using System.Net;

namespace OncRpc.Server;

/// <summary>Where the replies of one connection or datagram socket go, and how it counts calls still running.</summary>
internal abstract class ReplySink(ServerEndpoint endpoint)
{
    public ServerEndpoint Endpoint { get; } = endpoint;

    /// <summary>Encodes and sends (or queues) one reply. Never throws: failures are reported as server events.</summary>
    public abstract void SendReply<T>(EndPoint? remote, uint xid, ReplyMessageCodec<T> codec, in ReplyMessage<T> message);

    /// <summary>Counts a call whose handler goes on running after the record that carried it was released.</summary>
    public abstract void BeginAsyncCall();

    /// <summary>Releases the slot taken by <see cref="BeginAsyncCall"/>.</summary>
    public abstract void EndAsyncCall();
}
