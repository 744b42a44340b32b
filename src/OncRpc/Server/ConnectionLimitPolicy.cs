namespace OncRpc.Server;

/// <summary>
/// What an <see cref="RpcServer"/> does with a new stream connection when <see cref="RpcServerOptions.MaxConnections"/>
/// are open, or when its peer already holds its share of them (<see cref="RpcServerOptions.MaxConnectionShare"/>).
/// </summary>
/// <remarks>
/// A connection is <em>busy</em> while a call read from it is being handled (its handler runs or the batch of records
/// it arrived in is being dispatched) or while replies written for it are not yet taken by the socket; otherwise it
/// is <em>idle</em>, including a connection that sent part of a record and stalled. How long it has been idle is
/// counted from when it was accepted, its last complete record arrived or its last reply was sent, whichever is
/// latest: trickling bytes that never complete a record does not make a connection younger.
/// </remarks>
public enum ConnectionLimitPolicy
{
    /// <summary>
    /// The connection idle the longest (of the same peer, when that peer is at its share) is closed and counted as
    /// <see cref="RpcServerEventKind.ConnectionEvicted"/>, and the newcomer is admitted; only when every candidate is
    /// busy is the newcomer refused. This keeps a flood of idle connections from locking new clients out. The default.
    /// </summary>
    EvictIdlest = 0,

    /// <summary>The newcomer is closed at once and counted as <see cref="RpcServerEventKind.ConnectionRefused"/>.</summary>
    RefuseNew = 1,
}
