namespace RpcbindDaemon;

/// <summary>
/// Gives the garbage collector's spare memory back to the system once a burst of work is over.
/// </summary>
/// <remarks>
/// The collector sizes its youngest generation from the processor's cache (on some virtual machines the cache is
/// reported as hundreds of MiB) and keeps the memory it committed for the next allocations. An idle daemon allocates
/// nothing, so no collection comes, and after a flood (100,000 GETSTAT calls allocate about 110 MiB) the resident
/// memory stays at the flood's peak. The library keeps no pool of its own: this is the runtime's memory, and only
/// the application may decide to collect. Every interval the trimmer reads how much the process has allocated. When
/// the last interval was quiet and much was allocated since the last trim, it runs one aggressive full collection,
/// which returns the free regions to the system. A busy daemon is never interrupted, and an idle one is trimmed at
/// most once.
/// </remarks>
internal sealed class MemoryTrimmer : IAsyncDisposable
{
    /// <summary>An interval that allocated no more than this is quiet: the burst is over.</summary>
    public const long QuietBytes = 1L << 20;

    /// <summary>A trim is worth it once this much was allocated since the last one.</summary>
    public const long WorthTrimmingBytes = 32L << 20;

    private readonly Func<long> _allocatedBytes;
    private readonly Action _collect;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _lastTick;
    private long _lastTrim;
    private int _trims;

    /// <summary>
    /// Starts trimming every <paramref name="interval"/> with the process's own allocation counter and collector;
    /// <paramref name="trimmed"/>, when given, runs after each trim.
    /// </summary>
    public MemoryTrimmer(TimeSpan interval, TimeProvider timeProvider, Action? trimmed = null)
        : this(interval, timeProvider, () => GC.GetTotalAllocatedBytes(precise: false), () =>
        {
            CollectAggressively();
            trimmed?.Invoke();
        })
    {
    }

    /// <summary>Starts trimming with the given allocation counter and collection (tests pass their own).</summary>
    public MemoryTrimmer(TimeSpan interval, TimeProvider timeProvider, Func<long> allocatedBytes, Action collect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _allocatedBytes = allocatedBytes;
        _collect = collect;
        _lastTick = _lastTrim = allocatedBytes();
        _loop = RunAsync(new PeriodicTimer(interval, timeProvider));
    }

    /// <summary>How many times the trimmer has collected.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>Looks once: collects when the last interval was quiet and enough was allocated since the last trim.</summary>
    /// <returns>Whether it collected.</returns>
    public bool Tick()
    {
        long now = _allocatedBytes();
        bool quiet = now - _lastTick <= QuietBytes;
        _lastTick = now;
        if (!quiet || now - _lastTrim < WorthTrimmingBytes)
        {
            return false;
        }

        _collect();
        _lastTick = _lastTrim = _allocatedBytes();
        Interlocked.Increment(ref _trims);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static void CollectAggressively() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private async Task RunAsync(PeriodicTimer timer)
    {
        using (timer)
        {
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    Tick();
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
