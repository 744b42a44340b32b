using System.Net.Sockets;

namespace OncRpc.Tls;

/// <summary>
/// Bounds the blocking steps of setting up TLS on a socket (the probe exchange, the handshake): when the time is up
/// or the caller's token is cancelled, the socket is shut down, which ends any blocking read or write on it.
/// The caller then reports <see cref="Fired"/> as a timeout and disposes the socket.
/// </summary>
internal sealed class TlsDeadline : IDisposable
{
    private readonly Socket _socket;
    private readonly ITimer? _timer;
    private readonly CancellationTokenRegistration _registration;
    private int _fired;

    public TlsDeadline(Socket socket, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _socket = socket;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = timeProvider.CreateTimer(static s => ((TlsDeadline)s!).Fire(timedOut: true), this, timeout, Timeout.InfiniteTimeSpan);
        }

        _registration = cancellationToken.Register(static s => ((TlsDeadline)s!).Fire(timedOut: false), this);
    }

    /// <summary>Gets a value indicating whether the timeout (not the caller's token) ended the wait.</summary>
    public bool Fired => Volatile.Read(ref _fired) == 1;

    /// <summary>
    /// Marks the guarded steps as finished, so that a timer or token firing from now on leaves the socket alone;
    /// <see langword="false"/> when one fired first (the socket is shut down: the steps failed after all).
    /// </summary>
    public bool TryComplete() => Interlocked.CompareExchange(ref _fired, 3, 0) == 0;

    public void Dispose()
    {
        _timer?.Dispose();
        _registration.Dispose();
    }

    private void Fire(bool timedOut)
    {
        if (Interlocked.CompareExchange(ref _fired, timedOut ? 1 : 2, 0) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
