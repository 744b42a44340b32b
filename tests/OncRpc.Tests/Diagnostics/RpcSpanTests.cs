using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OncRpc.Client;
using OncRpc.Xdr;
using Xunit;

namespace OncRpc.Tests.Diagnostics;

[Collection(TelemetryCollection.Name)]
public sealed class RpcSpanTests
{
    [Theory]
    [InlineData(RpcClientIoMode.DedicatedThread)]
    [InlineData(RpcClientIoMode.Asynchronous)]
    [InlineData(RpcClientIoMode.CallingThread)]
    public async Task A_named_call_gives_a_client_span_under_the_callers_activity_and_a_server_span_of_its_own(RpcClientIoMode mode)
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp, new RpcClientOptions { IoMode = mode });

        using (Activity? caller = TelemetryCapture.TestSource.StartActivity("caller"))
        {
            Assert.Equal(7u, await client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 7u, XdrCodec.UInt32));

            // The call's span ended with the call and never became the caller's current activity.
            Assert.Same(caller, Activity.Current);
            Activity span = await capture.WaitForSpanAsync(ActivityKind.Client);
            Assert.Equal(caller!.SpanId, span.ParentSpanId);
            Assert.Equal(caller.TraceId, span.TraceId);
        }

        Activity clientSpan = await capture.WaitForSpanAsync(ActivityKind.Client);
        Activity serverSpan = await capture.WaitForSpanAsync(ActivityKind.Server);
        Assert.Equal("telemetry_test/ECHO", clientSpan.DisplayName);
        Assert.Equal("telemetry_test/ECHO", serverSpan.DisplayName);
        Assert.Equal(ActivityStatusCode.Unset, clientSpan.Status);
        Assert.Equal(ActivityStatusCode.Unset, serverSpan.Status);

        IPEndPoint local = (IPEndPoint)server.Tcp;
        AssertTags(clientSpan, new()
        {
            ["rpc.system.name"] = "onc_rpc",
            ["rpc.method"] = "telemetry_test/ECHO",
            ["onc_rpc.program.name"] = "telemetry_test",
            ["onc_rpc.version"] = 1L,
            ["onc_rpc.procedure.number"] = 1L,
            ["onc_rpc.procedure.name"] = "ECHO",
            ["server.address"] = "127.0.0.1",
            ["server.port"] = local.Port,
            ["network.peer.address"] = "127.0.0.1",
            ["network.peer.port"] = local.Port,
            ["network.transport"] = "tcp",
        });
        Assert.Null(clientSpan.GetTagItem("error.type"));
        Assert.Null(clientSpan.GetTagItem("rpc.status_code"));

        // ONC RPC carries no trace context: the server's span starts a trace of its own.
        Assert.Equal(default, serverSpan.ParentSpanId);
        Assert.NotEqual(clientSpan.TraceId, serverSpan.TraceId);
        AssertTags(serverSpan, new()
        {
            ["rpc.system.name"] = "onc_rpc",
            ["rpc.method"] = "telemetry_test/ECHO",
            ["onc_rpc.program.name"] = "telemetry_test",
            ["onc_rpc.version"] = 1L,
            ["onc_rpc.procedure.number"] = 1L,
            ["onc_rpc.procedure.name"] = "ECHO",
            ["network.peer.address"] = "127.0.0.1",
            ["network.transport"] = "tcp",
        });
        Assert.IsType<int>(serverSpan.GetTagItem("network.peer.port"));
        Assert.Null(serverSpan.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Work_and_calls_inside_a_handler_are_children_of_the_servers_span()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);

        Assert.Equal(9u, await client.CallAsync(TelemetryTestServer.Nested, XdrCodec.UInt32, 9u, XdrCodec.UInt32));

        Activity nested = await capture.WaitForSpanAsync(ActivityKind.Server, s => s.DisplayName == "telemetry_test/NESTED");
        (Activity? current, Activity? inner) = server.NestedSeen;
        Assert.Same(nested, current);
        Assert.Equal(nested.SpanId, inner!.ParentSpanId);

        // The handler's own call: a client span under the handler's span, served by a server span of its own trace.
        Activity innerCall = await capture.WaitForSpanAsync(ActivityKind.Client, s => s.ParentSpanId == nested.SpanId);
        Assert.Equal("telemetry_test/ECHO", innerCall.DisplayName);
        Assert.Equal(nested.TraceId, innerCall.TraceId);
        Activity echo = await capture.WaitForSpanAsync(ActivityKind.Server, s => s.DisplayName == "telemetry_test/ECHO");
        Assert.NotEqual(nested.TraceId, echo.TraceId);

        Activity outer = await capture.WaitForSpanAsync(ActivityKind.Client, s => s.DisplayName == "telemetry_test/NESTED");
        Assert.Equal(default, outer.ParentSpanId);
        Assert.NotEqual(outer.TraceId, nested.TraceId);
    }

    [Fact]
    public async Task A_call_by_number_only_is_named_onc_rpc_with_method_OTHER()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Udp, RpcTransportKind.Udp);

        Assert.Equal(3u, await client.CallAsync(TelemetryTestServer.Program, TelemetryTestServer.Version, TelemetryTestServer.Unnamed, XdrCodec.UInt32, 3u, XdrCodec.UInt32));

        Activity clientSpan = await capture.WaitForSpanAsync(ActivityKind.Client);
        Activity serverSpan = await capture.WaitForSpanAsync(ActivityKind.Server);
        foreach (Activity span in new[] { clientSpan, serverSpan })
        {
            Assert.Equal("onc_rpc", span.DisplayName);
            Assert.Equal("_OTHER", span.GetTagItem("rpc.method"));
            Assert.Null(span.GetTagItem("onc_rpc.procedure.name"));
            Assert.Equal((long)TelemetryTestServer.Unnamed, span.GetTagItem("onc_rpc.procedure.number"));
            Assert.Equal("udp", span.GetTagItem("network.transport"));
        }

        Assert.Null(clientSpan.GetTagItem("onc_rpc.program.name"));

        // The server knows the program by the names its other procedures were registered with.
        Assert.Equal("telemetry_test", serverSpan.GetTagItem("onc_rpc.program.name"));
    }

    [Fact]
    public async Task The_NULL_procedure_the_server_answers_itself_is_named_after_the_program()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        await using RpcClient client = await RpcClient.ConnectAsync(server.Tcp, RpcTransportKind.Tcp);

        await client.PingAsync(TelemetryTestServer.Program, TelemetryTestServer.Version);

        Activity serverSpan = await capture.WaitForSpanAsync(ActivityKind.Server);
        Assert.Equal("telemetry_test/NULL", serverSpan.DisplayName);
        Assert.Equal(0L, serverSpan.GetTagItem("onc_rpc.procedure.number"));
    }

    [Fact]
    public async Task A_call_over_a_Unix_socket_names_the_socket_path_and_no_port()
    {
        using var capture = new TelemetryCapture();
        await using TelemetryTestServer server = await TelemetryTestServer.StartAsync();
        string path = Path.Combine(Path.GetTempPath(), "oncrpc-otel-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        EndPoint unix = await server.Server.ListenUnixAsync(new UnixDomainSocketEndPoint(path));
        await using RpcClient client = await RpcClient.ConnectAsync(unix, RpcTransportKind.Local);

        Assert.Equal(4u, await client.CallAsync(TelemetryTestServer.Echo, XdrCodec.UInt32, 4u, XdrCodec.UInt32));

        Activity clientSpan = await capture.WaitForSpanAsync(ActivityKind.Client);
        Activity serverSpan = await capture.WaitForSpanAsync(ActivityKind.Server);
        Assert.Equal("unix", clientSpan.GetTagItem("network.transport"));
        Assert.Equal(path, clientSpan.GetTagItem("server.address"));
        Assert.Null(clientSpan.GetTagItem("server.port"));
        Assert.Equal("unix", serverSpan.GetTagItem("network.transport"));
        Assert.Null(serverSpan.GetTagItem("network.peer.port"));
    }

    internal static void AssertTags(Activity span, Dictionary<string, object> expected)
    {
        foreach ((string key, object value) in expected)
        {
            Assert.True(Equals(value, span.GetTagItem(key)), $"{span.DisplayName}: {key} is {span.GetTagItem(key) ?? "missing"} ({span.GetTagItem(key)?.GetType().Name}), expected {value} ({value.GetType().Name})");
        }
    }
}
