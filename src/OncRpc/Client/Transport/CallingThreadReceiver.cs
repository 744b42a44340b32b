namespace OncRpc.Client.Transport;

/// <summary>
/// <see cref="RpcClientIoMode.CallingThread"/>: no receive loop. A caller waiting for its reply reads the socket
/// through the transport's <see cref="IClientTransport.ReceiveOnce"/> (see <see cref="CallingThreadPump"/>) and runs
/// its own code only after the read, so nothing holds the reader for long.
/// </summary>
internal sealed class CallingThreadReceiver : ClientReceiver
{
    /// <summary>The one instance: the strategy has no state.</summary>
    public static readonly CallingThreadReceiver Instance = new();

    private CallingThreadReceiver()
    {
    }

    public override void Start()
    {
    }

    /// <summary>No loop to wait for: a caller reading now finds the socket shut down and stops.</summary>
    public override Task WhenStopped(Task receiveDone) => Task.CompletedTask;
}
