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

    /// <summary>
    /// No thread at all: the connection is made and every call is sent, waited for and completed on the thread
    /// that makes it, so the task a call returns has already completed (or failed) when the method returns. Waits
    /// are polls of the socket bounded by the call's timeout and observe its cancellation token within 50 ms.
    /// Calls made at the same time from several threads are each waited for by their own caller, one of which
    /// reads the replies for all. Meant for command-line tools and other short-lived, single-threaded callers,
    /// where starting threads costs more than the calls themselves; it blocks the caller, so it does not suit
    /// code that must not block. A stream call whose server stops reading fails with <c>RPC: Unable to send</c>
    /// once the client's <see cref="RpcClientOptions.Timeout"/> has passed on the blocked write.
    /// </summary>
    CallingThread = 2,
}
