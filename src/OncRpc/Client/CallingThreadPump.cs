using OncRpc.Client.Transport;

namespace OncRpc.Client;

/// <summary>
/// The calling-thread mode (<see cref="RpcClientIoMode.CallingThread"/>): no receiver and no timers. Each caller
/// waits for its own reply; one at a time reads the socket for all of them, the others wait until their call
/// completes or the reader leaves, and every waiter keeps its own call's time.
/// </summary>
internal sealed class CallingThreadPump
{
    private readonly object _gate = new();
    private readonly IClientTransport _transport;
    private readonly CallTimer _timer;
    private bool _reading;
    private int _waiters;

    public CallingThreadPump(IClientTransport transport, CallTimer timer)
    {
        _transport = transport;
        _timer = timer;
    }

    /// <summary>
    /// Blocks until the call has completed, reading replies (for any caller) while no other caller does, and timing
    /// the call out or retransmitting it as its timer would. Returns early only when the call has been taken from
    /// the table by another thread that is about to complete it.
    /// </summary>
    public void Wait(PendingCall call)
    {
        CancellationToken token = call.CallerToken;
        TimeProvider time = _timer.Time;
        bool reading = false;
        try
        {
            while (!call.IsCompleted)
            {
                long now = time.GetTimestamp();
                long next = _timer.RunDueWork(call, call.Xid, now);
                if (next < 0)
                {
                    break;
                }

                TimeSpan wait = next == long.MaxValue ? Timeout.InfiniteTimeSpan : time.GetElapsedTime(now, next);
                if (!reading)
                {
                    lock (_gate)
                    {
                        if (call.IsCompleted)
                        {
                            break;
                        }

                        if (_reading)
                        {
                            _waiters++;
                            Monitor.Wait(_gate, CallingThreadWait.Milliseconds(wait, token, time));
                            _waiters--;
                            continue;
                        }

                        _reading = reading = true;
                    }
                }

                _transport.ReceiveOnce(CallingThreadWait.Microseconds(wait, token, time));

                // Under the lock, so a waiter cannot check its call, miss this read's completion and then sleep.
                lock (_gate)
                {
                    if (_waiters > 0)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
        finally
        {
            if (reading)
            {
                lock (_gate)
                {
                    _reading = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
