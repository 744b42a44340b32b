using OncRpc.Messages;

namespace OncRpc.Fuzz;

/// <summary>
/// Runs one input through a target and turns the outcome into pass or crash: expected rejections pass, any other
/// exception escapes (afl-fuzz records a crash), and so does an input that makes the target allocate more than
/// <see cref="BytesPerInputByte"/> times its length plus a fixed allowance.
/// </summary>
internal static class Harness
{
    /// <summary>Decoded objects may be larger than their encoding, but not by more than this factor.</summary>
    public const long BytesPerInputByte = 64;

    /// <summary>What one call may allocate whatever its input: exceptions with their stack traces, small tables.</summary>
    public const long FixedAllowance = 64 * 1024;

    /// <summary>The allowance when other threads are measured too (the server's receive loop, timers).</summary>
    public const long AllThreadsAllowance = 1024 * 1024;

    public static void Execute(FuzzTarget target, ReadOnlySpan<byte> input)
    {
        // SharpFuzz's out-of-process child runs its first input before afl-fuzz has written it, so that run sees an
        // empty input; a target that returns at once would leave the map empty and afl-fuzz would abort with "No
        // instrumentation detected" (seen on a loaded machine). One instrumented call makes every run leave a trace.
        RpcMessage.TryPeekHeader(input, out _, out _);
        long allocated = Measure(target, input);
        long limit = Limit(target, input.Length);
        if (allocated > limit)
        {
            // The first run of a path pays one-time costs (static constructors, lazily built tables); only an
            // input that allocates too much again, in steady state, is a finding.
            allocated = Measure(target, input);
            if (allocated > limit)
            {
                throw new FuzzFindingException(
                    $"{target.Name}: a {input.Length}-byte input allocated {allocated:N0} bytes (limit {limit:N0}: {BytesPerInputByte}x the input plus {Allowance(target):N0})");
            }
        }
    }

    public static long Limit(FuzzTarget target, int inputLength) => (BytesPerInputByte * inputLength) + Allowance(target);

    private static long Allowance(FuzzTarget target) => target.FixedAllowance;

    private static long Measure(FuzzTarget target, ReadOnlySpan<byte> input)
    {
        bool all = target.MeasuresAllThreads;
        long before = all ? GC.GetTotalAllocatedBytes(false) : GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target.Run(input);
        }
        catch (Exception ex) when (target.IsExpected(ex))
        {
            // A clean, documented rejection of bad input.
        }

        long after = all ? GC.GetTotalAllocatedBytes(false) : GC.GetAllocatedBytesForCurrentThread();
        return after - before;
    }
}
