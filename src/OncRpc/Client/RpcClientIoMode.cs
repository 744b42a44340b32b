namespace OncRpc.Client;

/// <summary>How an <see cref="RpcClient"/> connects its socket and reads replies; see <see cref="RpcClientOptions.IoMode"/>.</summary>
public enum RpcClientIoMode
{
    /// <summary>
    /// A dedicated thread per client does blocking reads and completes calls on that thread, running the caller's
    /// continuation inline; the connection is made by a blocking connect on a short-lived thread. The fastest for
    /// long-lived clients that make many calls, at the cost of one thread per client (plus one process-wide
    /// watchdog thread that replaces a receive thread a caller's continuation holds for too long).
    /// </summary>
    DedicatedThread = 0,

    /// <summary>
    /// Only the thread pool: an asynchronous connect, an asynchronous receive loop, and call continuations that
    /// run asynchronously. No thread is created per client, so short-lived clients (one or a few calls each) start
    /// and end cheaply; each reply costs a hop through the thread pool, so round trips are slower.
    /// </summary>
    Asynchronous = 1,
}
