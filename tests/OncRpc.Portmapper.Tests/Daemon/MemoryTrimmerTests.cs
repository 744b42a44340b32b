using RpcbindDaemon;
using Xunit;

namespace OncRpc.Portmapper.Tests.Daemon;

/// <summary>The daemon's memory trimmer decides from the allocation counter alone: it collects once a burst is over.</summary>
public sealed class MemoryTrimmerTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public async Task A_quiet_interval_after_a_burst_collects_once()
    {
        long allocated = 0;
        int collections = 0;
        await using var trimmer = new MemoryTrimmer(TimeSpan.FromHours(1), TimeProvider.System, () => allocated, () => collections++);

        allocated += 100 * MiB;
        Assert.False(trimmer.Tick()); // the burst is still going on
        allocated += MiB / 2;
        Assert.True(trimmer.Tick()); // quiet now, and 100 MiB were allocated since the start
        Assert.Equal(1, collections);

        allocated += MiB / 2;
        Assert.False(trimmer.Tick()); // idle: nothing worth trimming since
        Assert.False(trimmer.Tick());
        Assert.Equal(1, trimmer.Trims);
    }

    [Fact]
    public async Task A_busy_daemon_is_never_interrupted()
    {
        long allocated = 0;
        int collections = 0;
        await using var trimmer = new MemoryTrimmer(TimeSpan.FromHours(1), TimeProvider.System, () => allocated, () => collections++);
        for (int i = 0; i < 100; i++)
        {
            allocated += 2 * MiB;
            Assert.False(trimmer.Tick());
        }

        Assert.Equal(0, collections);
    }

    [Fact]
    public async Task Steady_light_traffic_is_trimmed_once_per_worthwhile_amount()
    {
        long allocated = 0;
        int collections = 0;
        await using var trimmer = new MemoryTrimmer(TimeSpan.FromHours(1), TimeProvider.System, () => allocated, () => collections++);
        for (int i = 0; i < 640; i++)
        {
            allocated += MiB / 4;
            trimmer.Tick();
        }

        // 160 MiB allocated in quiet steps of 256 KiB: a trim each time 32 MiB have gathered.
        Assert.Equal(160 / 32, collections);
    }

    [Fact]
    public async Task The_timer_drives_the_ticks()
    {
        long allocated = 64 * MiB;
        using var collected = new SemaphoreSlim(0);
        var trimmer = new MemoryTrimmer(TimeSpan.FromMilliseconds(20), TimeProvider.System, () => Interlocked.Read(ref allocated), () => collected.Release());
        bool trimmed;
        try
        {
            Interlocked.Add(ref allocated, 64 * MiB);
            trimmed = await collected.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await trimmer.DisposeAsync(); // waits for the timer loop, so the count below is final
        }

        Assert.True(trimmed, "no trim within 30 s");
        Assert.Equal(1, trimmer.Trims);
    }

    [Fact]
    public void A_non_positive_interval_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryTrimmer(TimeSpan.Zero, TimeProvider.System, () => 0, () => { }));
    }
}
