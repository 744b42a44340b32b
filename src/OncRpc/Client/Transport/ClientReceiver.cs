using System.Net.Sockets;

namespace OncRpc.Client.Transport;

/// <summary>
/// Who reads a client transport's socket, one strategy per <see cref="RpcClientIoMode"/>: a dedicated thread
/// (<see cref="ReceiveThread"/>), an asynchronous loop on the thread pool (<see cref="AsynchronousReceiver"/>), or
/// nobody of its own (<see cref="CallingThreadReceiver"/>: the callers waiting for replies read them). The transports
/// supply the receive loops and the record or datagram handling; this decides how the loops run, how a message
/// reaches the sink, and how closing waits for them.
/// </summary>
internal abstract class ClientReceiver
{
    /// <summary>Gets the number of receive threads started to replace one held by a caller's continuation.</summary>
    public virtual int Replacements => 0;

    /// <summary>
    /// Creates the strategy for <paramref name="ioMode"/>: <paramref name="receiveLoop"/> is the blocking loop a
    /// dedicated thread runs (given the generation it serves), <paramref name="receiveLoopAsync"/> the asynchronous one.
    /// </summary>
    public static ClientReceiver Create(RpcClientIoMode ioMode, string threadName, Action<long> receiveLoop, Func<Task> receiveLoopAsync) =>
        ioMode switch
        {
            RpcClientIoMode.DedicatedThread => new ReceiveThread(threadName, receiveLoop),
            RpcClientIoMode.Asynchronous => new AsynchronousReceiver(receiveLoopAsync),
            _ => CallingThreadReceiver.Instance,
        };

    /// <summary>Starts the receive loop, if the mode has one.</summary>
    public abstract void Start();

    /// <summary>
    /// Hands a message to <paramref name="sink"/>. <see langword="false"/> when the receiver serving
    /// <paramref name="generation"/> was replaced while the caller's code ran, and must end.
    /// </summary>
    public virtual bool Deliver(IClientTransportSink sink, long generation, ReadOnlySpan<byte> message)
    {
        sink.OnMessage(message);
        return true;
    }

    /// <summary>The receive loop has ended for good.</summary>
    public virtual void OnStopped()
    {
    }

    /// <summary>Closes the socket of a stream transport being disposed, which has just been shut down.</summary>
    public virtual ValueTask CloseSocketAsync(Socket socket, Task receiveDone)
    {
        socket.Dispose();
        return default;
    }

    /// <summary>Returns a task that completes once the receive loop, whose end <paramref name="receiveDone"/> signals, has ended.</summary>
    public virtual Task WhenStopped(Task receiveDone) => receiveDone;
}
