using System.Diagnostics.Metrics;

namespace OncRpc.Diagnostics;

/// <summary>The client's instruments on one meter: call duration and calls in progress.</summary>
internal sealed class ClientInstruments
{
    private static ClientInstruments? _shared;

    private ClientInstruments(Meter meter)
    {
        Duration = meter.CreateHistogram(
            "rpc.client.call.duration",
            "s",
            "Measures the duration of an outgoing Remote Procedure Call (RPC).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RpcDiagnostics.DurationBuckets });
        Active = meter.CreateUpDownCounter<long>(
            "onc_rpc.client.active_calls",
            "{call}",
            "Number of outgoing ONC RPC calls waiting for their reply.");
    }

    public Histogram<double> Duration { get; }

    public UpDownCounter<long> Active { get; }

    /// <summary>Gets a value indicating whether any listener wants a measurement of these instruments.</summary>
    public bool Enabled => Duration.Enabled || Active.Enabled;

    /// <summary>Gets the instruments on the factory's meter, or the shared instruments when there is no factory.</summary>
    public static ClientInstruments For(IMeterFactory? factory) =>
        factory is not null
            ? new ClientInstruments(RpcDiagnostics.MeterFor(factory))
            : Volatile.Read(ref _shared) ?? Interlocked.CompareExchange(ref _shared, new ClientInstruments(RpcDiagnostics.Meter), null) ?? _shared!;
}
