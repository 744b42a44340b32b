using Xunit;

namespace OncRpc.Testing;

/// <summary>
/// A lock shared by every test process of this repository, held by the tests that change the machine's rpcbind
/// registrations or compare its whole table with the C tools. `dotnet test` on the solution runs the test
/// assemblies side by side; without this lock a registration made by one assembly could appear in the middle of
/// a dump comparison in another. Use it as an xunit collection fixture: the collection holds the lock while it runs.
/// </summary>
/// <remarks>
/// A named mutex is cross-process on Linux. It belongs to the thread that took it, so a dedicated thread takes it,
/// holds it and gives it back; the wait is bounded, and a lock left by a crashed process is taken over.
/// </remarks>
public sealed class SystemRpcbindLock : IAsyncLifetime
{
    private const string MutexName = "oncrpc-tests-system-rpcbind";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(10);

    private readonly TaskCompletionSource<bool> _acquired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new();
    private Thread? _owner;

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        _owner = new Thread(Hold) { IsBackground = true, Name = "system rpcbind test lock" };
        _owner.Start();
        return _acquired.Task;
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _release.Set();
        _owner?.Join(TimeSpan.FromSeconds(30));
        _release.Dispose();
        return Task.CompletedTask;
    }

    private void Hold()
    {
        using var mutex = new Mutex(false, MutexName);
        bool held;
        try
        {
            held = mutex.WaitOne(WaitLimit);
        }
        catch (AbandonedMutexException)
        {
            held = true;
        }

        if (!held)
        {
            _acquired.SetException(new TimeoutException(
                $"Another test process held the system rpcbind test lock for more than {WaitLimit.TotalMinutes} minutes."));
            return;
        }

        _acquired.SetResult(true);
        _release.Wait();
        mutex.ReleaseMutex();
    }
}
