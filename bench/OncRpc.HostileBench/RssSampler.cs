namespace OncRpc.HostileBench;

/// <summary>Samples the resident memory of another process (VmRSS in /proc/PID/status) every 50 ms and keeps the peak.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakKb;

    public RssSampler(int pid)
    {
        _pid = pid;
        _peakKb = Read(pid);
        _loop = Task.Run(LoopAsync);
    }

    public long PeakKb => Interlocked.Read(ref _peakKb);

    /// <summary>The process's resident set now, in KiB (0 when it cannot be read).</summary>
    public static long Read(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                long now = Read(_pid);
                if (now > Interlocked.Read(ref _peakKb))
                {
                    Interlocked.Exchange(ref _peakKb, now);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
