using System.Diagnostics.Metrics;

namespace OncRpc.Diagnostics;

/// <summary>The server's instruments on one meter: call duration, calls in progress, and the server's events.</summary>
internal sealed class ServerInstruments
{
    private static ServerInstruments? _shared;

    private ServerInstruments(Meter meter)
    {
        Duration = meter.CreateHistogram(
            "rpc.server.call.duration",
            "s",
            "Measures the duration of an incoming Remote Procedure Call (RPC).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RpcDiagnostics.DurationBuckets });
        Active = meter.CreateUpDownCounter<long>(
            "onc_rpc.server.active_calls",
            "{call}",
            "Number of incoming ONC RPC calls being handled.");
        Events = meter.CreateCounter<long>(
            "onc_rpc.server.events",
            "{event}",
            "Connections refused, calls rejected, throttling and protocol errors of an ONC RPC server, by reason.");
    }

    public Histogram<double> Duration { get; }

    public UpDownCounter<long> Active { get; }

    public Counter<long> Events { get; }

    /// <summary>Gets a value indicating whether any listener wants a measurement of the per-call instruments.</summary>
    public bool CallsEnabled => Duration.Enabled || Active.Enabled;

    /// <summary>Gets the instruments on the factory's meter, or the shared instruments when there is no factory.</summary>
    public static ServerInstruments For(IMeterFactory? factory) =>
        factory is not null
            ? new ServerInstruments(RpcDiagnostics.MeterFor(factory))
            : Volatile.Read(ref _shared) ?? Interlocked.CompareExchange(ref _shared, new ServerInstruments(RpcDiagnostics.Meter), null) ?? _shared!;
}
