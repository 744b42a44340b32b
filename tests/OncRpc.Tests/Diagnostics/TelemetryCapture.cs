using System.Diagnostics;
using OncRpc.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OncRpc.Tests.Diagnostics;

/// <summary>An OpenTelemetry SDK listening to the library, exporting spans and metrics into lists the test reads.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    /// <summary>The source of the tests' own activities (a caller's operation, work inside a handler).</summary>
    public static readonly ActivitySource TestSource = new("OncRpc.Tests.Telemetry");

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    // Calls of earlier tests may still be ending (a hung handler released when its server stops): their spans are not this test's.
    private readonly DateTime _created = DateTime.UtcNow;

    public TelemetryCapture()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(RpcTelemetry.ActivitySourceName, TestSource.Name)
            .AddInMemoryExporter(_spans)
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(RpcTelemetry.MeterName)
            .AddInMemoryExporter(_metrics)
            .Build();
    }

    /// <summary>Gets a copy of the spans exported so far (a span is exported when it ends).</summary>
    public Activity[] Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans.Where(s => s.StartTimeUtc >= _created)];
            }
        }
    }

    /// <summary>Waits until a span of the library with the kind has ended and returns it.</summary>
    public async Task<Activity> WaitForSpanAsync(ActivityKind kind, Func<Activity, bool>? condition = null)
    {
        Activity? found = null;
        await Polling.WaitUntilAsync(() =>
            (found = Spans.FirstOrDefault(s => s.Source.Name == RpcTelemetry.ActivitySourceName && s.Kind == kind && (condition is null || condition(s)))) is not null);
        return found!;
    }

    /// <summary>Collects the metrics now and returns the points of one instrument.</summary>
    public IReadOnlyList<MetricPoint> Points(string instrument)
    {
        lock (_metrics)
        {
            _metrics.Clear();
        }

        _meter.ForceFlush();
        lock (_metrics)
        {
            var points = new List<MetricPoint>();
            foreach (MetricSnapshot metric in _metrics.Where(m => m.Name == instrument))
            {
                points.AddRange(metric.MetricPoints);
            }

            return points;
        }
    }

    /// <summary>Gets the unit an instrument reported.</summary>
    public string? UnitOf(string instrument)
    {
        _meter.ForceFlush();
        lock (_metrics)
        {
            return _metrics.FirstOrDefault(m => m.Name == instrument)?.Unit;
        }
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
    }
}
