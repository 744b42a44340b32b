using System.Net;

namespace OncRpc.Server;

/// <summary>The server's event counters and its <see cref="RpcServerOptions.OnEvent"/> callback.</summary>
internal sealed class ServerEvents(Action<RpcServerEvent>? onEvent, ServerTelemetry telemetry)
{
    private readonly long[] _counters = new long[(int)RpcServerEventKind.TlsHandshakeFailed + 1];

    public long Get(RpcServerEventKind kind) =>
        (uint)kind < (uint)_counters.Length ? Interlocked.Read(ref _counters[(int)kind]) : 0;

    /// <summary>Gets what the server reports to traces and metrics.</summary>
    public ServerTelemetry Telemetry => telemetry;

    public void Count(RpcServerEventKind kind, RpcTransportKind? transport = null)
    {
        Interlocked.Increment(ref _counters[(int)kind]);
        telemetry.OnEvent(kind, transport);
    }

    public void Raise(RpcServerEventKind kind, RpcTransportKind transport, EndPoint? remote, uint xid, Exception? exception)
    {
        Interlocked.Increment(ref _counters[(int)kind]);
        telemetry.OnEvent(kind, transport);
        if (onEvent is not null)
        {
            try
            {
                onEvent(new RpcServerEvent(kind, transport, remote, xid, exception));
            }
#pragma warning disable CA1031 // A failing event callback must not take the server down.
            catch
#pragma warning restore CA1031
            {
            }
        }
    }
}
