using System.Net;
using OncRpc.Framing;
using OncRpc.Messages;
using OncRpc.Server.Transport;

namespace OncRpc.Server;

/// <summary>
/// The server as its transports see it (<see cref="IServerConnectionHost"/>): messages go to the
/// <see cref="CallDispatcher"/>, connections to the <see cref="ConnectionRegistry"/>, events to
/// <see cref="ServerEvents"/>.
/// </summary>
internal sealed class ConnectionHost(
    RpcServerOptions options,
    CallDispatcher dispatcher,
    ConnectionRegistry connections,
    ServerEvents events) : IServerConnectionHost
{
    public RpcServerOptions Options { get; } = options;

    public RecordMarkingOptions RecordOptions { get; } = options.CreateRecordMarkingOptions();

    public ReplyBudget ReplyBudget => connections.ReplyBudget;

    public void Dispatch(ReadOnlySpan<byte> message, ReplyChannel channel, EndPoint? remote) =>
        dispatcher.Dispatch(message, channel, remote);

    public void ReplyFailed(ReplyChannel channel, EndPoint? remote, uint xid, RpcServerEventKind kind, Exception? exception) =>
        dispatcher.SendError(channel, remote, RpcReplyHeader.SystemError(xid), kind, exception);

    public void Raise(RpcServerEventKind kind, RpcTransportKind transport, EndPoint? remote, uint xid, Exception? exception) =>
        events.Raise(kind, transport, remote, xid, exception);

    public void Count(RpcServerEventKind kind, RpcTransportKind transport) => events.Count(kind, transport);

    public bool TryAdmit(StreamServerConnection connection) => connections.TryAdmit(connection);

    public void Remove(StreamServerConnection connection) => connections.Remove(connection);
}
