namespace OncRpc.Tests.Client;

/// <summary>A time provider whose clock moves only when a test calls <see cref="Advance"/>; due timers fire inside that call.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly TaskCompletionSource _firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _now = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>
    /// Gets a task that completes when the code under test first reads the clock, so a test advancing it from
    /// another thread knows the code has taken its start time (advancing before that would move the start too).
    /// </summary>
    public Task FirstRead => _firstRead.Task;

    public override long GetTimestamp()
    {
        _firstRead.TrySetResult();
        lock (_lock)
        {
            return _now;
        }
    }

    public override DateTimeOffset GetUtcNow() => new(GetTimestamp(), TimeSpan.Zero);

    /// <summary>Gets the number of armed timers, so a test can wait until the code under test has armed one.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.Due != long.MaxValue);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        long target;
        lock (_lock)
        {
            target = _now + by.Ticks;
        }

        while (true)
        {
            ManualTimer? next = null;
            lock (_lock)
            {
                foreach (ManualTimer t in _timers)
                {
                    if (t.Due <= target && (next is null || t.Due < next.Due))
                    {
                        next = t;
                    }
                }

                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = Math.Max(_now, next.Due);
                next.Due = next.Period > 0 ? _now + next.Period : long.MaxValue;
            }

            next.Fire();
        }
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; set; } = long.MaxValue;

        public long Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner._now + Math.Max(0, dueTime.Ticks);
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
