using OncRpc.Testing;

// Serves MOUNT v1 and v3 on every IPv4 address (so every address of 127.0.1.0/24 reaches it through the local
// rpcbind), registered in the system rpcbind, until standard input closes; "ready" on stdout once registered.
// While registered it holds the lock the repository's tests take before they register programs or compare
// rpcbind's table (tests/Shared/SystemRpcbindLock.cs), so a concurrent test run never sees this mountd.
using var release = new ManualResetEventSlim();
var acquired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var holder = new Thread(() =>
{
    // A named mutex belongs to the thread that took it: this thread takes it, holds it and gives it back.
    using var mutex = new Mutex(false, "oncrpc-tests-system-rpcbind");
    try
    {
        if (!mutex.WaitOne(TimeSpan.FromMinutes(10)))
        {
            acquired.SetException(new TimeoutException("a test run held the system rpcbind lock for 10 minutes"));
            return;
        }
    }
    catch (AbandonedMutexException)
    {
        // Left by a process that died: it is ours now.
    }

    acquired.SetResult();
    release.Wait();
    mutex.ReleaseMutex();
}) { IsBackground = true };
holder.Start();
await acquired.Task;

(string, string[])[] exports =
[
    ("/srv/public", []),
    ("/home", ["192.0.2.0/24", "admin.example"]),
    ("/srv/backup", ["*"]),
    ("/srv/projects", ["@staff", "10.0.0.0/8"]),
];
try
{
    await using TestMountd mountd = await TestMountd.StartAsync(exports, [("client.example", "/home")]);
    Console.WriteLine($"ready tcp {mountd.TcpPort} udp {mountd.UdpPort}");
    await Console.In.ReadToEndAsync();
}
finally
{
    release.Set();
    holder.Join();
}
