using System.Net.Sockets;

namespace OncRpc.Client.Transport;

/// <summary>
/// How long a client in <see cref="Client.RpcClientIoMode.CallingThread"/> mode blocks in one poll: the time left,
/// but no more than a short slice while a cancellation token or a substitute <see cref="TimeProvider"/> (whose clock
/// may jump) could end the wait earlier.
/// </summary>
internal static class CallingThreadWait
{
    /// <summary>The longest single wait while something other than the socket may end it.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(50);

    /// <summary>The wait before the next look at the clock and the token; infinite only when nothing else can end it.</summary>
    public static TimeSpan Bound(TimeSpan wait, CancellationToken cancellationToken, TimeProvider time)
    {
        if (wait != Timeout.InfiniteTimeSpan && wait < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        bool watched = cancellationToken.CanBeCanceled || !ReferenceEquals(time, TimeProvider.System);
        return watched && (wait == Timeout.InfiniteTimeSpan || wait > Slice) ? Slice : wait;
    }

    /// <summary>The bounded wait in microseconds for <see cref="System.Net.Sockets.Socket.Poll(int, System.Net.Sockets.SelectMode)"/> (-1: for ever).</summary>
    public static int Microseconds(TimeSpan wait, CancellationToken cancellationToken, TimeProvider time)
    {
        wait = Bound(wait, cancellationToken, time);
        if (wait == Timeout.InfiniteTimeSpan)
        {
            return -1;
        }

        // Rounded up, so a wait shorter than a microsecond does not become a busy poll of zero.
        long micros = (wait.Ticks + 9) / 10;
        return (int)Math.Min(int.MaxValue, micros);
    }

    /// <summary>
    /// Waits up to <paramref name="microseconds"/> (-1: for ever) until a read on <paramref name="socket"/> will not
    /// block. .NET's read poll does not count a pending socket error (an ICMP port unreachable, a reset) as readable,
    /// although it ends the wait, so that is looked for too: the receive then reports it.
    /// </summary>
    public static bool PollReadable(Socket socket, int microseconds) =>
        socket.Poll(microseconds, SelectMode.SelectRead) || socket.Poll(0, SelectMode.SelectError);

    /// <summary>A socket option timeout in milliseconds (0: none) for <paramref name="timeout"/>, rounded up.</summary>
    public static int SocketTimeout(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));

    /// <summary>The bounded wait in milliseconds for <see cref="Monitor.Wait(object, int)"/> (-1: for ever).</summary>
    public static int Milliseconds(TimeSpan wait, CancellationToken cancellationToken, TimeProvider time)
    {
        wait = Bound(wait, cancellationToken, time);
        if (wait == Timeout.InfiniteTimeSpan)
        {
            return Timeout.Infinite;
        }

        long millis = (wait.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        return (int)Math.Min(int.MaxValue, millis);
    }
}
