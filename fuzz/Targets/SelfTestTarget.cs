namespace OncRpc.Fuzz.Targets;

/// <summary>
/// Planted bugs that prove the pipeline reports what it should: a crash, an allocation far beyond the input and a
/// hang, each behind a one-byte prefix afl-fuzz finds in seconds. Listed only when ONCRPC_FUZZ_SELFTEST=1.
/// </summary>
internal sealed class SelfTestTarget : FuzzTarget
{
    private static readonly int[] Empty = [];

    public override string Name => "selftest";

    public override string Description => "planted crash ('!'), oversized allocation ('@') and hang ('~'): checks run.sh finds and reports them";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        switch (input[1])
        {
            case (byte)'!':
                _ = Empty[input[0]];
                break;
            case (byte)'@':
                GC.KeepAlive(new byte[10 * 1024 * 1024]);
                break;
            case (byte)'~':
                while (input[0] != 0xff || input.Length > 0)
                {
                    Thread.SpinWait(100);
                }

                break;
        }
    }

    public override IEnumerable<byte[]> Seeds(SeedSources sources)
    {
        yield return "a a"u8.ToArray();
        yield return "bbbb"u8.ToArray();
    }
}
