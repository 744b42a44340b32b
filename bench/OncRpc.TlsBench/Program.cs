using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OncRpc;
using OncRpc.Client;
using OncRpc.Server;

// RPC-with-TLS against clear text: NULL calls to our own server on loopback, in one process, one listener of each
// kind with the same program. Sequential calls and 64 outstanding on one connection, interleaved rounds; prints
// the best and median calls/s of each and the TLS/clear ratios. Only the ratios mean anything across machines.
// usage: OncRpc.TlsBench [CALLS] [ROUNDS] [async]
const uint Program = 0x2000_0077;
int calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
RpcClientIoMode ioMode = args.Length > 2 && args[2] == "async" ? RpcClientIoMode.Asynchronous : RpcClientIoMode.DedicatedThread;

using X509Certificate2 certificate = SelfSigned();
await using var server = new RpcServer();
server.AddProcedure(Program, 1, 1, OncRpc.Xdr.XdrCodec.UInt32, OncRpc.Xdr.XdrCodec.UInt32, (x, _) => x);
var clearEndPoint = (IPEndPoint)await server.ListenTcpAsync(new IPEndPoint(IPAddress.Loopback, 0));
var tlsEndPoint = (IPEndPoint)await server.ListenTcpAsync(
    new IPEndPoint(IPAddress.Loopback, 0),
    new RpcServerTlsOptions { AuthenticationOptions = new SslServerAuthenticationOptions { ServerCertificate = certificate } });

var clearOptions = new RpcClientOptions { IoMode = ioMode };
var tlsOptions = new RpcClientOptions
{
    IoMode = ioMode,
    Tls = new RpcClientTlsOptions
    {
        ProbeProgram = Program,
        ProbeVersion = 1,
        AuthenticationOptions = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
        },
    },
};

await using RpcClient clear = await RpcClient.ConnectAsync(clearEndPoint, RpcTransportKind.Tcp, clearOptions);
await using RpcClient tls = await RpcClient.ConnectAsync(tlsEndPoint, RpcTransportKind.Tcp, tlsOptions);
Console.WriteLine($"TLS session: {tls.Tls}; I/O mode {ioMode}; {calls} calls per run, {rounds} rounds");

var results = new Dictionary<string, List<double>>();
foreach (string name in new[] { "clear sequential", "tls sequential", "clear depth=64", "tls depth=64" })
{
    results[name] = [];
}

// Warm-up: JIT tiers, pools, TLS buffers.
await Sequential(clear, calls / 10);
await Sequential(tls, calls / 10);
await Pipelined(clear, calls / 10, 64);
await Pipelined(tls, calls / 10, 64);

for (int round = 0; round < rounds; round++)
{
    results["clear sequential"].Add(await Measure(() => Sequential(clear, calls)));
    results["tls sequential"].Add(await Measure(() => Sequential(tls, calls)));
    results["clear depth=64"].Add(await Measure(() => Pipelined(clear, calls, 64)));
    results["tls depth=64"].Add(await Measure(() => Pipelined(tls, calls, 64)));
}

foreach ((string name, List<double> rates) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-18} best {rates.Max(),8:F0} calls/s  median {Median(rates),8:F0} calls/s"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio tls/clear sequential: best {results["tls sequential"].Max() / results["clear sequential"].Max():F2}, median {Median(results["tls sequential"]) / Median(results["clear sequential"]):F2}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio tls/clear depth=64:   best {results["tls depth=64"].Max() / results["clear depth=64"].Max():F2}, median {Median(results["tls depth=64"]) / Median(results["clear depth=64"]):F2}"));

async Task<double> Measure(Func<Task> run)
{
    var stopwatch = Stopwatch.StartNew();
    await run();
    return calls / stopwatch.Elapsed.TotalSeconds;
}

static async Task Sequential(RpcClient client, int count)
{
    for (int i = 0; i < count; i++)
    {
        await client.PingAsync(Program, 1);
    }
}

static async Task Pipelined(RpcClient client, int count, int outstanding)
{
    int next = 0;
    async Task Worker()
    {
        while (Interlocked.Increment(ref next) <= count)
        {
            await client.PingAsync(Program, 1);
        }
    }

    await Task.WhenAll(Enumerable.Range(0, outstanding).Select(_ => Task.Run(Worker)));
}

static double Median(List<double> values)
{
    double[] sorted = [.. values.Order()];
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static X509Certificate2 SelfSigned()
{
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
    var names = new SubjectAlternativeNameBuilder();
    names.AddDnsName("localhost");
    request.CertificateExtensions.Add(names.Build());
    using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
}
