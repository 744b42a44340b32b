using System.Net.Sockets;

namespace OncRpc.Client.Transport;

/// <summary>
/// <see cref="RpcClientIoMode.Asynchronous"/>: the transport's asynchronous receive loop runs on the thread pool.
/// Calls complete asynchronously, so the loop never runs a caller's code and needs no watching.
/// </summary>
internal sealed class AsynchronousReceiver : ClientReceiver
{
    /// <summary>How long closing waits for the receive loop to see a shutdown before closing the socket under it.</summary>
    private static readonly TimeSpan GracefulCloseLimit = TimeSpan.FromSeconds(1);

    private readonly Func<Task> _receiveLoopAsync;

    public AsynchronousReceiver(Func<Task> receiveLoopAsync) => _receiveLoopAsync = receiveLoopAsync;

    /// <summary>Starts the loop, which lives as long as the socket and so must not keep the AsyncLocals of whoever connected.</summary>
    public override void Start()
    {
        using (ReceiveThread.SuppressFlow())
        {
            _ = _receiveLoopAsync();
        }
    }

    /// <summary>
    /// Closes the shut-down socket once the receive loop has seen the end of the stream, or after
    /// <see cref="GracefulCloseLimit"/>. Closing it under a pending receive would end the loop with an exception,
    /// whose first throw in a process costs more than the rest of a short-lived tool's call.
    /// </summary>
    public override async ValueTask CloseSocketAsync(Socket socket, Task receiveDone)
    {
        if (!receiveDone.IsCompleted)
        {
            await Task.WhenAny(receiveDone, Task.Delay(GracefulCloseLimit)).ConfigureAwait(false);
        }

        socket.Dispose();
    }
}
