using OncRpc.Xdr;

namespace OncRpc.Fuzz;

/// <summary>
/// One attack surface: untrusted bytes go in through the public API (or a sample's own reply handling) the way a
/// peer's bytes would. <see cref="Run"/> returns or throws; <see cref="Harness"/> decides what a throw means.
/// </summary>
internal abstract class FuzzTarget
{
    /// <summary>The name the command line selects the target by.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>list</c> and the docs.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// True when the work runs on threads other than the caller's (the server), so allocations are measured
    /// process-wide, with a larger allowance for what other threads allocate meanwhile.
    /// </summary>
    public virtual bool MeasuresAllThreads => false;

    /// <summary>What one call may allocate whatever its input; see <see cref="Harness"/>.</summary>
    public virtual long FixedAllowance => MeasuresAllThreads ? Harness.AllThreadsAllowance : Harness.FixedAllowance;

    /// <summary>Feeds one input to the surface.</summary>
    public abstract void Run(ReadOnlySpan<byte> input);

    /// <summary>
    /// The documented rejections of this surface: bad data is an <see cref="XdrException"/> or an
    /// <see cref="RpcException"/> (RpcProtocolException and the client's exceptions derive from it).
    /// </summary>
    public virtual bool IsExpected(Exception exception) => exception is XdrException or RpcException;

    /// <summary>Starting inputs for the corpus, built from the recorded traffic, the test vectors and .x files.</summary>
    public abstract IEnumerable<byte[]> Seeds(SeedSources sources);
}
