using OncRpc.Client;

namespace OncRpc.Tests.Client;

/// <summary>How the client tests start calls in each I/O mode.</summary>
internal static class ClientCalls
{
    /// <summary>
    /// Starts a call. A calling-thread client runs it to completion before returning, so it runs on a thread of its
    /// own: off the test's thread, and without tying up the thread pool the scripted servers need.
    /// </summary>
    public static Task<T> Start<T>(RpcClientIoMode mode, Func<Task<T>> call) =>
        mode == RpcClientIoMode.CallingThread ? OnOwnThread(call) : call();

    /// <summary>Runs a blocking operation on a dedicated thread.</summary>
    public static Task<T> OnOwnThread<T>(Func<Task<T>> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
}
