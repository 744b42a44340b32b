using System.Net;

namespace OncRpc.Server.Transport;

/// <summary>A bound server socket: a stream listener or a datagram socket.</summary>
internal interface IServerListener
{
    EndPoint LocalEndPoint { get; }

    RpcTransportKind Transport { get; }

    /// <summary>Gets a task that completes when the listener no longer takes new work (accepts or datagrams).</summary>
    Task AcceptLoop { get; }

    /// <summary>Gets a task that completes when the listener is closed and its own calls are finished.</summary>
    Task Completion { get; }

    void Start();

    void StopAccepting();

    void Abort();
}
