using System.Diagnostics;
using System.Diagnostics.Metrics;
using OncRpc.Client;
using OncRpc.Diagnostics;
using OncRpc.Server;
using OncRpc.Xdr;
using OpenTelemetry.Metrics;
using Xunit;

namespace OncRpc.Tests.Diagnostics;

[Collection(TelemetryCollection.Name)]
public sealed class RpcMetricsTests
{
    private static readonly double[] AdvisedBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    [Fact]
    public async Task Call_durations_are_recorded_in_seconds_with_the_advised_buckets_per_method()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);

        for (uint i = 0; i < 5; i++)
        {
            await client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, i, XdrCodec.UInt32);
        }

        await capture.WaitForSpanAsync(ActivityKind.Server);
        await Polling.WaitUntilAsync(() => capture.Spans.Count(s => s.Kind == ActivityKind.Server) >= 5);
        Assert.Equal(5, capture.Spans.Count(s => s.Kind == ActivityKind.Server));

        foreach (string name in new[] { "rpc.client.call.duration", "rpc.server.call.duration" })
        {
            Assert.Equal("s", capture.UnitOf(name));
            MetricPoint point = Assert.Single(capture.Points(name), p => p.Has("rpc.method", "telemetry_test/ECHO"));
            Assert.Equal(5, point.GetHistogramCount());
            Assert.True(point.GetHistogramSum() > 0 && point.GetHistogramSum() < 20);
            Assert.True(point.Has("rpc.system.name", "onc_rpc"));
            Assert.True(point.Has("rpc.method", "telemetry_test/ECHO"));
            Assert.False(point.Attributes().ContainsKey("error.type"));
            var bounds = new List<double>();
            foreach (HistogramBucket bucket in point.GetHistogramBuckets())
            {
                bounds.Add(bucket.ExplicitBound);
            }

            Assert.Equal(AdvisedBuckets.Append(double.PositiveInfinity), bounds);
        }

        MetricPoint clientPoint = Assert.Single(capture.Points("rpc.client.call.duration"), p => p.Has("rpc.method", "telemetry_test/ECHO"));
        Assert.True(clientPoint.Has("server.address", "127.0.0.1"));
        Assert.True(clientPoint.Has("server.port", server.Tcp.Port));
    }

    [Fact]
    public async Task Active_calls_count_up_while_a_call_waits_and_down_when_it_ends()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);
        using var cancel = new CancellationTokenSource();

        Task<uint> call = client.CallAsync(TelemetryTestServer.Hang, XdrCodec.UInt32, 1u, XdrCodec.UInt32, cancellationToken: cancel.Token);
        await Polling.WaitUntilAsync(() => Active(capture, "onc_rpc.server.active_calls") == 1);
        Assert.Equal(1, Active(capture, "onc_rpc.client.active_calls"));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(0, Active(capture, "onc_rpc.client.active_calls"));
    }

    [Fact]
    public async Task Server_events_are_counted_by_reason()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);

        await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(TelemetryTestServer.Program + 1, 1, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32));
        await Assert.ThrowsAsync<RpcException>(() => client.CallAsync(TelemetryTestServer.Program + 1, 1, 1, XdrCodec.UInt32, 1u, XdrCodec.UInt32));

        IReadOnlyList<MetricPoint> events = capture.Points("onc_rpc.server.events");
        MetricPoint unavailable = Assert.Single(events, p => p.Has("onc_rpc.server.event.reason", "program_unavailable"));
        Assert.Equal(2, unavailable.GetSumLong());
        Assert.True(unavailable.Has("network.transport", "tcp"));
        Assert.Contains(events, p => p.Has("onc_rpc.server.event.reason", "connection_accepted"));
        Assert.DoesNotContain(events, p => p.Has("onc_rpc.server.event.reason", "call_completed"));
    }

    [Fact]
    public async Task Throttling_is_counted_with_its_transport()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync(TelemetryTestServer.Options(maxOutstandingCallsPerConnection: 1));
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);
        using var cancel = new CancellationTokenSource();

        // HANG holds the connection's only slot, so the server stops reading it and counts that as throttling.
        Task hung = client.CallAsync(TelemetryTestServer.Hang, XdrCodec.UInt32, 1u, XdrCodec.UInt32, cancellationToken: cancel.Token);
        Task queued = client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 2u, XdrCodec.UInt32, cancellationToken: cancel.Token);
        await Polling.WaitUntilAsync(() => server.Server.GetEventCount(RpcServerEventKind.Throttled) > 0);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hung);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);

        MetricPoint throttled = Assert.Single(capture.Points("onc_rpc.server.events"), p => p.Has("onc_rpc.server.event.reason", "throttled"));
        Assert.True(throttled.Has("network.transport", "tcp"));
    }

    [Fact]
    public async Task Instruments_are_created_on_the_meters_of_the_given_factory()
    {
        using var factory = new TestMeterFactory();
        var measured = new List<(string Instrument, object? Scope)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RpcTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) =>
        {
            lock (measured)
            {
                measured.Add((instrument.Name, instrument.Meter.Scope));
            }
        });
        listener.Start();

        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync(TelemetryTestServer.Options(factory));
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp, new RpcClientOptions { MeterFactory = factory });
        await client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 1u, XdrCodec.UInt32);

        await Polling.WaitUntilAsync(() =>
        {
            lock (measured)
            {
                return measured.Any(m => m.Instrument == "rpc.server.call.duration");
            }
        });
        lock (measured)
        {
            Assert.Contains(measured, m => m.Instrument == "rpc.client.call.duration");
        }

        Assert.All(factory.Meters, m => Assert.Equal(RpcTelemetry.MeterName, m.Name));
    }

    private static long Active(TelemetryCapture capture, string instrument) =>
        capture.Points(instrument).Where(p => p.Has("rpc.method", "telemetry_test/HANG")).Sum(p => p.GetSumLong());

    /// <summary>A meter factory as a host's dependency injection container gives one: meters scoped to it.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            lock (Meters)
            {
                Meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            foreach (Meter meter in Meters)
            {
                meter.Dispose();
            }
        }
    }
}
