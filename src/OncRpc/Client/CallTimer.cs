using OncRpc.Client.Transport;

namespace OncRpc.Client;

/// <summary>
/// Keeps a client's calls to their timeouts and, when the transport loses messages (UDP), retransmits them with the
/// same xid at the client's retransmission interval, then twice as long each time. Each call has a pooled timer
/// of its own; in the calling-thread mode there are none and the waiting caller asks <see cref="RunDueWork"/>.
/// </summary>
internal sealed class CallTimer
{
    private readonly PendingCallTable _calls;
    private readonly IClientTransport _transport;
    private readonly TimeProvider _time;
    private readonly long _retransmitInterval;
    private readonly bool _useTimers;

    public CallTimer(PendingCallTable calls, IClientTransport transport, RpcClientOptions options)
    {
        _calls = calls;
        _transport = transport;
        _time = options.TimeProvider;
        _retransmitInterval = ToTimestampUnits(options.RetransmitInterval);
        _useTimers = options.IoMode != RpcClientIoMode.CallingThread;
    }

    /// <summary>Gets the clock: timestamps and deadlines are in its units.</summary>
    public TimeProvider Time => _time;

    /// <summary>Gets the deadline <paramref name="timeout"/> after <paramref name="start"/> (<see cref="long.MaxValue"/>: none).</summary>
    public long DeadlineAfter(long start, TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : SaturatingAdd(start, ToTimestampUnits(timeout));

    /// <summary>
    /// Schedules a call that started at <paramref name="start"/> and has its deadline: before it is sent, and before
    /// the caller can see its task, so the entry cannot be recycled under them.
    /// </summary>
    public void Start(PendingCall call, long start, TimeSpan timeout)
    {
        if (_transport.Retransmits)
        {
            call.RetransmitInterval = _retransmitInterval;
            call.NextRetransmit = SaturatingAdd(start, _retransmitInterval);
            if (_useTimers)
            {
                call.ArmTimer(_time, _time.GetElapsedTime(start, Math.Min(call.NextRetransmit, call.Deadline)));
            }
        }
        else if (call.Deadline != long.MaxValue && _useTimers)
        {
            call.ArmTimer(_time, timeout);
        }
    }

    /// <summary>The call's timer fired: time it out, or retransmit it and arm the timer again.</summary>
    public void OnTimer(PendingCall call)
    {
        // The xid is read once, before the deadline: a stale callback for a recycled entry then sees the new call's
        // deadline with the new xid, or fails the pending check with the old one, and never re-arms the new call's timer.
        uint xid = call.Xid;
        long now = _time.GetTimestamp();
        long next = RunDueWork(call, xid, now);
        if (next >= 0 && next != long.MaxValue && _calls.IsPending(xid, call))
        {
            call.ArmTimer(_time, _time.GetElapsedTime(now, next));
        }
    }

    /// <summary>
    /// Times the call out, or retransmits it, when that is due at <paramref name="now"/>. Returns when to look
    /// again (<see cref="long.MaxValue"/>: never), or -1 once the call's deadline has passed.
    /// </summary>
    public long RunDueWork(PendingCall call, uint xid, long now)
    {
        long deadline = call.Deadline;
        if (now >= deadline)
        {
            if (_calls.TryRemove(xid, call))
            {
                // A record still unsent after the call's whole timeout: the server stopped reading, and a caller
                // may be blocked writing to it. Closing the connection frees them and fails the other calls.
                bool stalled = _transport.IsUnsent(call);
                CancellationToken token = call.CallerToken;
                call.Fail(token.IsCancellationRequested ? new OperationCanceledException(token) : RpcErrors.TimedOut());
                if (stalled)
                {
                    _transport.AbortStalledSend();
                }
            }

            return -1;
        }

        long next = deadline;
        if (_transport.Retransmits)
        {
            if (now >= call.NextRetransmit && _calls.IsPending(xid, call))
            {
                _transport.Retransmit(call);
                call.Telemetry?.Retransmitted();
                long interval = call.RetransmitInterval;
                call.RetransmitInterval = interval > long.MaxValue / 2 ? interval : interval * 2;
                call.NextRetransmit = SaturatingAdd(now, call.RetransmitInterval);
            }

            next = Math.Min(deadline, call.NextRetransmit);
        }

        return next;
    }

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private long ToTimestampUnits(TimeSpan span) =>
        (long)Math.Min(span.Ticks * ((double)_time.TimestampFrequency / TimeSpan.TicksPerSecond), long.MaxValue / 2);
}
