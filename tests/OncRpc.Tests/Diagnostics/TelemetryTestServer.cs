using System.Diagnostics;
using System.Net;
using OncRpc.Client;
using OncRpc.Messages;
using OncRpc.Server;
using OncRpc.Xdr;

namespace OncRpc.Tests.Diagnostics;

/// <summary>A server with named and unnamed procedures that succeed, fail, hang, or call the server again.</summary>
internal sealed class TelemetryTestServer : IAsyncDisposable
{
    public const uint Program = 0x2000_0171;
    public const uint Version = 1;
    public const string ProgramName = "telemetry_test";

    public static readonly RpcProcedure Echo = new(Program, Version, 1, ProgramName, "ECHO");
    public static readonly RpcProcedure Fail = new(Program, Version, 2, ProgramName, "FAIL");
    public static readonly RpcProcedure Hang = new(Program, Version, 3, ProgramName, "HANG");
    public static readonly RpcProcedure Nested = new(Program, Version, 4, ProgramName, "NESTED");

    /// <summary>Returns as many bytes as asked: over UDP a large answer does not fit in a datagram.</summary>
    public static readonly RpcProcedure Big = new(Program, Version, 6, ProgramName, "BIG");

    /// <summary>A procedure registered by number only.</summary>
    public const uint Unnamed = 5;

    /// <summary>The uid whose AUTH_SYS calls the server rejects as too weak.</summary>
    public const uint RejectedUid = 4242;

    private TelemetryTestServer(RpcServer server)
    {
        Server = server;
    }

    public RpcServer Server { get; }

    public IPEndPoint Tcp { get; private set; } = null!;

    public IPEndPoint Udp { get; private set; } = null!;

    /// <summary>Gets the activity that was current inside the last NESTED handler, and the one its own work started.</summary>
    public (Activity? Current, Activity? Inner) NestedSeen { get; private set; }

    public static async Task<TelemetryTestServer> StartAsync(RpcServerOptions? options = null)
    {
        var server = new RpcServer(options ?? Options());
        var host = new TelemetryTestServer(server);
        server.AddProcedure(Echo, XdrCodec.UInt32, XdrCodec.UInt32, (value, call) => value);
        server.AddProcedure<uint, uint>(Fail, XdrCodec.UInt32, XdrCodec.UInt32, (value, call) => throw new InvalidOperationException("the handler failed"));
        server.AddProcedure<uint, uint>(Hang, XdrCodec.UInt32, XdrCodec.UInt32, async (value, call, cancel) =>
        {
            await Task.Delay(Timeout.Infinite, cancel);
            return value;
        });
        server.AddProcedure<uint, uint>(Nested, XdrCodec.UInt32, XdrCodec.UInt32, host.NestedAsync);
        server.AddProcedure(Big, XdrCodec.UInt32, XdrCodec.Opaque, (size, call) => new byte[size]);
        server.AddProcedure(Program, Version, Unnamed, XdrCodec.UInt32, XdrCodec.UInt32, (value, call) => value);
        host.Tcp = (IPEndPoint)await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        host.Udp = (IPEndPoint)await server.ListenUdpAsync(new IPEndPoint(IPAddress.Loopback, 0));
        return host;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>The server's options; a hung call is cancelled soon after the test stops the server, so its span ends within the test.</summary>
    public static RpcServerOptions Options(System.Diagnostics.Metrics.IMeterFactory? meterFactory = null, int? maxOutstandingCallsPerConnection = null) => new()
    {
        MaxOutstandingCallsPerConnection = maxOutstandingCallsPerConnection ?? new RpcServerOptions().MaxOutstandingCallsPerConnection,
        Authenticate = Authenticate,
        HandlerTimeout = Timeout.InfiniteTimeSpan,
        DisposeTimeout = TimeSpan.FromMilliseconds(50),
        MeterFactory = meterFactory,
    };

    private static AuthStatus Authenticate(RpcCallContext call) =>
        call.Credential.Flavor == AuthFlavor.Sys && AuthSysParameters.FromOpaqueAuth(call.Credential).Uid == RejectedUid
            ? AuthStatus.TooWeak
            : AuthStatus.Ok;

    /// <summary>Does work of its own and calls ECHO on this server: both must be children of the call's span.</summary>
    private async ValueTask<uint> NestedAsync(uint value, RpcCallContext call, CancellationToken cancel)
    {
        Activity? current = Activity.Current;
        Activity? inner = TelemetryCapture.TestSource.StartActivity("inner work");
        inner?.Dispose();
        NestedSeen = (current, inner);
        await using RpcClient client = await RpcClient.ConnectAsync(Tcp, RpcTransportKind.Tcp, cancellationToken: cancel);
        return await client.CallAsync(Echo, XdrCodec.UInt32, value, XdrCodec.UInt32, cancellationToken: cancel);
    }
}
