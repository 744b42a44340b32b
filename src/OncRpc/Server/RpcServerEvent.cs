using System.Net;

namespace OncRpc.Server;

/// <summary>Describes something noteworthy that happened in an <see cref="RpcServer"/>: a refused connection, a rejected call, a failed handler.</summary>
/// <remarks>Events are raised synchronously on the thread that detected them; a handler must be quick and must not throw.</remarks>
public readonly struct RpcServerEvent
{
    internal RpcServerEvent(RpcServerEventKind kind, RpcTransportKind transport, EndPoint? remoteEndPoint, uint xid, Exception? exception)
    {
        Kind = kind;
        Transport = transport;
        RemoteEndPoint = remoteEndPoint;
        Xid = xid;
        Exception = exception;
    }

    /// <summary>Gets what happened.</summary>
    public RpcServerEventKind Kind { get; }

    /// <summary>Gets the transport the event happened on.</summary>
    public RpcTransportKind Transport { get; }

    /// <summary>Gets the peer's endpoint, when known.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets the transaction id of the call the event concerns, or 0 when it concerns no call.</summary>
    public uint Xid { get; }

    /// <summary>Gets the exception behind the event (a failing handler, a protocol error), if any.</summary>
    public Exception? Exception { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind} {Transport} {RemoteEndPoint?.ToString() ?? "-"}{(Xid != 0 ? $" xid={Xid}" : string.Empty)}{(Exception is null ? string.Empty : ": " + Exception.Message)}";
}
