using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using RpcbindDaemon;

// rpcbindd: a portmapper/rpcbind daemon on OncRpc.NET.
//   rpcbindd [--port N] [--address IP]... [--local PATH] [--max-connections N] [--idle-timeout SECONDS] [--allow-remote-calls] [--verbose] [--otel-console]
// Loopback only unless --address says otherwise. Stops cleanly on SIGINT/SIGTERM, finishing calls in progress.
// --otel-console prints every call's span and, every 10 seconds, the metrics, with OpenTelemetry's console exporter.
var addresses = new List<IPAddress>();
int port = 111;
string? local = null;
int maxConnections = 1024;
TimeSpan idle = TimeSpan.FromMinutes(2);
bool verbose = false;
bool remoteCalls = false;
bool otelConsole = false;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port": port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--address": addresses.Add(IPAddress.Parse(Next())); break;
        case "--local": local = Next(); break;
        case "--max-connections": maxConnections = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--idle-timeout": idle = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
        case "--verbose": verbose = true; break;
        case "--allow-remote-calls": remoteCalls = true; break;
        case "--otel-console": otelConsole = true; break;
        default:
            Console.Error.WriteLine("usage: rpcbindd [--port N] [--address IP]... [--local PATH] [--max-connections N] [--idle-timeout SECONDS] [--allow-remote-calls] [--verbose] [--otel-console]");
            return 2;
    }
}

// Listening starts before the service does, so its first calls are seen too; it ends after the service stops.
using ConsoleTelemetry? telemetry = otelConsole ? new ConsoleTelemetry() : null;

var options = new RpcbindServiceOptions
{
    Port = port,
    Addresses = addresses.Count > 0 ? addresses : new RpcbindServiceOptions().Addresses,
    LocalSocketPath = local,
    AllowRemoteCalls = remoteCalls,
    ServerOptions = new RpcServerOptions
    {
        MaxConnections = maxConnections,
        IdleTimeout = idle,
        OnEvent = verbose ? e => Console.Error.WriteLine(e) : null,
    },
};

await using RpcbindService service = await RpcbindService.StartAsync(options);
foreach (RpcServerEndPoint endPoint in service.EndPoints)
{
    Console.WriteLine($"listening {endPoint}");
}

var stop = new TaskCompletionSource();
using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;
await service.StopAsync();
Console.WriteLine($"stopped; {service.Server.GetEventCount(RpcServerEventKind.CallCompleted)} calls answered");
return 0;
