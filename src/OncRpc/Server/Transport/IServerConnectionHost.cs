using System.Net;
using OncRpc.Framing;

namespace OncRpc.Server.Transport;

/// <summary>
/// What a server transport reports to its owner, and the only way it does: the server side's counterpart of the
/// client transports' sink. Listeners and connections read records and datagrams, hand each message to
/// <see cref="Dispatch"/> with the <see cref="ReplyChannel"/> its reply goes back through, and ask before admitting
/// a connection.
/// </summary>
internal interface IServerConnectionHost
{
    /// <summary>Gets the server's limits and clock.</summary>
    RpcServerOptions Options { get; }

    /// <summary>Gets the record limits of stream connections.</summary>
    RecordMarkingOptions RecordOptions { get; }

    /// <summary>Gets the server-wide budget of unsent reply bytes that every connection's writer reports to.</summary>
    ReplyBudget ReplyBudget { get; }

    /// <summary>Decodes one call message and answers it through <paramref name="channel"/>. Never throws.</summary>
    void Dispatch(ReadOnlySpan<byte> message, ReplyChannel channel, EndPoint? remote);

    /// <summary>Answers a call with SYSTEM_ERR because its reply could not be encoded or sent, and reports it as <paramref name="kind"/>.</summary>
    void ReplyFailed(ReplyChannel channel, EndPoint? remote, uint xid, RpcServerEventKind kind, Exception? exception);

    /// <summary>Reports an event (counted, and given to <see cref="RpcServerOptions.OnEvent"/>).</summary>
    void Raise(RpcServerEventKind kind, RpcTransportKind transport, EndPoint? remote, uint xid, Exception? exception);

    /// <summary>Counts an event that arrives on <paramref name="transport"/> without reporting it.</summary>
    void Count(RpcServerEventKind kind, RpcTransportKind transport);

    /// <summary>
    /// Admits a new connection, unless the server is closing or at a connection limit with no idle connection to
    /// evict (<see cref="RpcServerOptions.ConnectionLimitPolicy"/>); an evicted connection is aborted and reported.
    /// </summary>
    bool TryAdmit(StreamServerConnection connection);

    /// <summary>Forgets a connection that closed.</summary>
    void Remove(StreamServerConnection connection);
}
