using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using BenchmarkDotNet.Attributes;
using OncRpc.Client;
using OncRpc.Diagnostics;
using OncRpc.Server;
using OncRpc.Xdr;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OncRpc.Benchmarks;

/// <summary>
/// What telemetry costs per call: a named call and a NULL call from our client to our server over TCP on
/// loopback (both sides instrumented), with nobody listening, with a bare <see cref="ActivityListener"/> and
/// <see cref="MeterListener"/> that take everything and do nothing with it, and with an OpenTelemetry SDK that
/// records every span and aggregates every metric (its exporters do nothing, so only the recording is measured).
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private const uint Program = 0x2000_0172;
    private static readonly RpcProcedure Echo = new(Program, 1, 1, "bench", "ECHO");

    private RpcServer _server = null!;
    private RpcClient _client = null!;
    private IDisposable[] _listening = [];

    /// <summary>Gets or sets who listens: <c>none</c>, <c>listener</c> (bare listeners) or <c>otel</c> (the OpenTelemetry SDK).</summary>
    [Params("none", "listener", "otel")]
    public string Listening { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        _listening = Listening switch
        {
            "listener" => BareListeners(),
            "otel" =>
            [
                Sdk.CreateTracerProviderBuilder().AddSource(RpcTelemetry.ActivitySourceName).AddProcessor(new DiscardingProcessor()).Build(),
                Sdk.CreateMeterProviderBuilder().AddMeter(RpcTelemetry.MeterName)
                    .AddReader(new PeriodicExportingMetricReader(new DiscardingMetricExporter(), 60_000)).Build(),
            ],
            _ => [],
        };
        _server = new RpcServer();
        _server.AddProcedure(Echo, XdrCodec.UInt32, XdrCodec.UInt32, (value, call) => value);
        EndPoint endPoint = _server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0)).GetAwaiter().GetResult();
        _client = RpcClient.ConnectAsync(endPoint, RpcTransportKind.Tcp).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (IDisposable listening in _listening)
        {
            listening.Dispose();
        }
    }

    /// <summary>A call through an <see cref="RpcProcedure"/>: span name and method from its names.</summary>
    [Benchmark]
    public Task<uint> NamedCall() => _client.CallAsync(Echo, XdrCodec.UInt32, 7u, XdrCodec.UInt32);

    /// <summary>A NULL call by number, as <c>bench/run-client.sh</c> makes them.</summary>
    [Benchmark]
    public Task NullCall() => _client.PingAsync(Program, 1);

    private static IDisposable[] BareListeners()
    {
        var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RpcTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(activities);
        var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RpcTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        meters.Start();
        return [activities, meters];
    }

    private sealed class DiscardingProcessor : BaseProcessor<Activity>
    {
    }

    private sealed class DiscardingMetricExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
