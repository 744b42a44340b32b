using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using OncRpc.Portmapper.Server;
using OncRpc.Server;
using RpcbindDaemon;

// rpcbindd: a portmapper/rpcbind daemon on OncRpc.NET.
//   rpcbindd [--port N] [--address IP]... [--local PATH] [--max-connections N] [--idle-timeout SECONDS] [--allow-remote-calls]
//            [--tls-cert FILE --tls-key FILE [--tls-only]] [--trim-interval SECONDS] [--verbose] [--otel-console]
// Loopback only unless --address says otherwise. Stops cleanly on SIGINT/SIGTERM, finishing calls in progress.
// With --tls-cert/--tls-key (PEM) the TCP listeners offer RPC-with-TLS (RFC 9289): the AUTH_TLS probe is answered
// STARTTLS and the connection goes on in TLS 1.3 with ALPN "sunrpc". Clear-text TCP clients (rpcinfo) are still
// served unless --tls-only; UDP and the Unix socket stay clear text.
// --trim-interval (default 2 s, 0 turns it off): how often the daemon checks whether a burst of calls is over and,
// if so, gives the garbage collector's spare memory back to the system (MemoryTrimmer).
// --otel-console prints every call's span and, every 10 seconds, the metrics, with OpenTelemetry's console exporter.
var addresses = new List<IPAddress>();
int port = 111;
string? local = null;
int maxConnections = 1024;
TimeSpan idle = TimeSpan.FromMinutes(2);
bool verbose = false;
bool remoteCalls = false;
string? tlsCertificate = null;
string? tlsKey = null;
bool tlsOnly = false;
bool otelConsole = false;
TimeSpan trimInterval = TimeSpan.FromSeconds(2);
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
        case "--tls-cert": tlsCertificate = Next(); break;
        case "--tls-key": tlsKey = Next(); break;
        case "--tls-only": tlsOnly = true; break;
        case "--trim-interval": trimInterval = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
        default:
            return Usage();
    }
}

if ((tlsCertificate is null) != (tlsKey is null) || (tlsOnly && tlsCertificate is null))
{
    Console.Error.WriteLine("rpcbindd: --tls-cert and --tls-key go together (and --tls-only needs them).");
    return Usage();
}

RpcServerTlsOptions? tls = null;
if (tlsCertificate is not null)
{
    try
    {
        tls = new RpcServerTlsOptions
        {
            AllowClearText = !tlsOnly,
            AuthenticationOptions = new SslServerAuthenticationOptions
            {
                ServerCertificate = X509Certificate2.CreateFromPemFile(tlsCertificate, tlsKey),
            },
        };
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
    {
        Console.Error.WriteLine($"rpcbindd: cannot load the TLS certificate and key: {ex.Message}");
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
    Tls = tls,
    ServerOptions = new RpcServerOptions
    {
        MaxConnections = maxConnections,
        IdleTimeout = idle,
        OnEvent = verbose ? e => Console.Error.WriteLine(e) : null,
    },
};

await using RpcbindService service = await RpcbindService.StartAsync(options);
// With --verbose each trim is reported on stderr, beside the server's events.
await using MemoryTrimmer? trimmer = trimInterval > TimeSpan.Zero
    ? new MemoryTrimmer(trimInterval, TimeProvider.System, verbose ? () => Console.Error.WriteLine("memory trimmed") : null)
    : null;
foreach (RpcServerEndPoint endPoint in service.EndPoints)
{
    Console.WriteLine($"listening {endPoint}" + (tls is not null && endPoint.Transport == OncRpc.RpcTransportKind.Tcp ? (tlsOnly ? " (RPC-with-TLS required)" : " (RPC-with-TLS offered)") : ""));
}

var stop = new TaskCompletionSource();
using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;
await service.StopAsync();
Console.WriteLine($"stopped; {service.Server.GetEventCount(RpcServerEventKind.CallCompleted)} calls answered");
return 0;

static int Usage()
{
    Console.Error.WriteLine("usage: rpcbindd [--port N] [--address IP]... [--local PATH] [--max-connections N] [--idle-timeout SECONDS] [--allow-remote-calls] [--tls-cert FILE --tls-key FILE [--tls-only]] [--trim-interval SECONDS] [--verbose] [--otel-console]");
    return 2;
}
