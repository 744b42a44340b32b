using System.Diagnostics;
using System.Globalization;
using System.Net;
using OncRpc;
using OncRpc.Client;

// Network loops against a real server do not suit BenchmarkDotNet's in-process iterations: a plain Stopwatch loop
// with a warm-up, printed in the same "calls/s" form as the C reference programs so run-client.sh can compare them.
// usage: OncRpc.ClientBench tcp|udp|tcp-depth PORT N [DEPTH]; ONCRPC_BENCH_IO_MODE=async selects RpcClientIoMode.Asynchronous,
// ONCRPC_BENCH_IO_MODE=calling RpcClientIoMode.CallingThread.
const uint Portmapper = 100000;

string mode = args.Length > 0 ? args[0] : "tcp";
int port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 111;
int n = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50_000;
int depth = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 64;

var endPoint = new IPEndPoint(IPAddress.Loopback, port);
RpcTransportKind kind = mode == "udp" ? RpcTransportKind.Udp : RpcTransportKind.Tcp;
RpcClientIoMode ioMode = Environment.GetEnvironmentVariable("ONCRPC_BENCH_IO_MODE") switch
{
    "async" => RpcClientIoMode.Asynchronous,
    "calling" => RpcClientIoMode.CallingThread,
    _ => RpcClientIoMode.DedicatedThread,
};
var options = new RpcClientOptions { IoMode = ioMode };
await using RpcClient client = await RpcClient.ConnectAsync(endPoint, kind, options);

async Task Sequential(int count)
{
    for (int i = 0; i < count; i++)
    {
        await client.PingAsync(Portmapper, 2);
    }
}

async Task Pipelined(int count, int outstanding)
{
    int next = 0;
    async Task Worker()
    {
        while (Interlocked.Increment(ref next) <= count)
        {
            await client.PingAsync(Portmapper, 2);
        }
    }

    // Calling-thread calls block their thread: one thread of its own per outstanding call, not pool threads.
    await Task.WhenAll(Enumerable.Range(0, outstanding).Select(_ => ioMode == RpcClientIoMode.CallingThread
        ? Task.Factory.StartNew(Worker, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
        : Task.Run(Worker)));
}

Func<int, Task> run = mode == "tcp-depth" ? c => Pipelined(c, depth) : Sequential;
await run(Math.Max(2_000, n / 10)); // warm-up: JIT tiers, pools, socket buffers

long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
long workItemsBefore = ThreadPool.CompletedWorkItemCount;
var stopwatch = Stopwatch.StartNew();
await run(n);
stopwatch.Stop();
long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
long workItems = ThreadPool.CompletedWorkItemCount - workItemsBefore;

string label = (mode == "tcp-depth" ? $"tcp depth={depth}" : $"{mode} depth=1") + ioMode switch
{
    RpcClientIoMode.Asynchronous => " async",
    RpcClientIoMode.CallingThread => " calling-thread",
    _ => string.Empty,
};
Console.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"OncRpc.NET {label}: {n} calls in {stopwatch.Elapsed.TotalSeconds:F3} s: {n / stopwatch.Elapsed.TotalSeconds:F0} calls/s, {(double)allocated / n:F1} bytes allocated per call, {(double)workItems / n:F3} thread-pool work items per call"));
