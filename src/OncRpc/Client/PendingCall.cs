using System.Buffers;
using OncRpc.Messages;
using OncRpc.Xdr;

namespace OncRpc.Client;

/// <summary>
/// A call waiting for its reply. Instances are pooled: one is live from the moment it is added to a client's
/// table of pending calls until its result has been read, and whoever removes it from the table (a reply, the
/// timer, a cancellation, a failed connection) is the only one allowed to complete it.
/// </summary>
internal abstract class PendingCall
{
    private static readonly TimerCallback TimerFired = static state => ((PendingCall)state!).OnTimer();

    private uint _xid;
    private long _deadline = long.MaxValue;
    private ITimer? _timer;
    private TimeProvider? _timerProvider;
    private CancellationTokenRegistration _registration;
    private byte[]? _datagram;
    private int _datagramLength;
    private long _sendSequence;

    /// <summary>Gets or sets the client the call belongs to while it is live.</summary>
    internal RpcClient? Owner { get; set; }

    internal RpcAuth Auth { get; set; } = RpcAuth.None;

    /// <summary>Gets or sets the call's telemetry while somebody listens; ended by whoever completes the call.</summary>
    internal ClientCallScope? Telemetry { get; set; }

    internal CancellationToken CallerToken { get; private set; }

    internal int RequestSize { get; set; }

    /// <summary>Gets or sets the number of the call's record in its stream's send order (0 over UDP).</summary>
    internal long SendSequence
    {
        get => Volatile.Read(ref _sendSequence);
        set => Volatile.Write(ref _sendSequence, value);
    }

    /// <summary>Gets the time of the next UDP retransmission, as a <see cref="TimeProvider"/> timestamp.</summary>
    internal long NextRetransmit { get; set; }

    /// <summary>Gets the current UDP retransmission interval, in <see cref="TimeProvider"/> timestamp units.</summary>
    internal long RetransmitInterval { get; set; }

    // Written before the xid when a call starts and read after it by the timer, so a stale timer callback that
    // sees the new xid also sees the new deadline and leaves a reused entry alone.
    internal uint Xid
    {
        get => Volatile.Read(ref _xid);
        set => Volatile.Write(ref _xid, value);
    }

    internal long Deadline
    {
        get => Volatile.Read(ref _deadline);
        set => Volatile.Write(ref _deadline, value);
    }

    /// <summary>Gets a value indicating whether the call has its result or its error (and is not yet recycled).</summary>
    internal abstract bool IsCompleted { get; }

    /// <summary>Decodes the reply and completes the call; the caller has removed it from the table.</summary>
    internal abstract void Complete(ReadOnlySpan<byte> message, XdrReaderOptions? readerOptions);

    /// <summary>Fails the call; the caller has removed it from the table.</summary>
    internal abstract void Fail(Exception error);

    internal void ArmTimer(TimeProvider timeProvider, TimeSpan dueTime)
    {
        if (_timer is null || !ReferenceEquals(_timerProvider, timeProvider))
        {
            _timer?.Dispose();

            // The pooled timer outlives the call that created it: it must not capture that call's AsyncLocals.
            bool restore = !ExecutionContext.IsFlowSuppressed();
            AsyncFlowControl flow = restore ? ExecutionContext.SuppressFlow() : default;
            try
            {
                _timer = timeProvider.CreateTimer(TimerFired, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            finally
            {
                if (restore)
                {
                    flow.Undo();
                }
            }

            _timerProvider = timeProvider;
        }

        _timer.Change(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime, Timeout.InfiniteTimeSpan);
    }

    internal void RegisterCancellation(CancellationToken cancellationToken)
    {
        CallerToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
#if NET
            _registration = cancellationToken.UnsafeRegister(static state => ((PendingCall)state!).OnCanceled(), this);
#else
            _registration = cancellationToken.Register(static state => ((PendingCall)state!).OnCanceled(), this);
#endif
        }
    }

    internal void SetDatagram(byte[] buffer, int length)
    {
        lock (this)
        {
            _datagram = buffer;
            _datagramLength = length;
        }
    }

    /// <summary>Sends the call's datagram again, unless the call has finished and its buffer is gone.</summary>
    internal void WithDatagram(Action<byte[], int> send)
    {
        lock (this)
        {
            if (_datagram is not null)
            {
                send(_datagram, _datagramLength);
            }
        }
    }

    /// <summary>Releases what the call held: the timer, the cancellation registration, the datagram, its slot.</summary>
    protected void ReleaseResources()
    {
        Deadline = long.MaxValue;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Waits for a cancellation callback running on another thread, so none can touch the next use of this entry.
        _registration.Dispose();
        _registration = default;
        CallerToken = default;

        lock (this)
        {
            if (_datagram is not null)
            {
                ArrayPool<byte>.Shared.Return(_datagram);
                _datagram = null;
                _datagramLength = 0;
            }
        }

        RpcClient? owner = Owner;
        Owner = null;
        Telemetry = null;
        Auth = RpcAuth.None;
        RequestSize = 0;
        SendSequence = 0;
        owner?.OnCallReleased();
    }

    /// <summary>Disposes the timer of an entry the pool does not keep.</summary>
    protected void DisposeTimer()
    {
        _timer?.Dispose();
        _timer = null;
        _timerProvider = null;
    }

    private void OnTimer() => Owner?.OnCallTimer(this);

    private void OnCanceled() => Owner?.OnCallCanceled(this);
}
