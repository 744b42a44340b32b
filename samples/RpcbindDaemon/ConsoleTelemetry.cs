using OncRpc.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RpcbindDaemon;

/// <summary>
/// <c>--otel-console</c>: an OpenTelemetry SDK that listens to the library's source and meter by name and prints
/// every span as it ends and the metrics every <see cref="MetricInterval"/> (and once more at exit).
/// </summary>
internal sealed class ConsoleTelemetry : IDisposable
{
    /// <summary>How often the metrics are printed, in milliseconds.</summary>
    public const int MetricInterval = 10_000;

    private readonly TracerProvider _traces;
    private readonly MeterProvider _metrics;

    public ConsoleTelemetry()
    {
        ResourceBuilder resource = ResourceBuilder.CreateDefault().AddService("rpcbindd");
        _traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(RpcTelemetry.ActivitySourceName)
            .AddConsoleExporter()
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(RpcTelemetry.MeterName)
            .AddConsoleExporter((exporter, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = MetricInterval)
            .Build();
    }

    /// <summary>Prints what is left and stops listening.</summary>
    public void Dispose()
    {
        _traces.Dispose();
        _metrics.Dispose();
    }
}
