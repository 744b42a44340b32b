using System.Runtime.InteropServices;

namespace OncRpc.Server.Transport;

/// <summary>
/// The server-wide budget of reply bytes written but not yet taken by the sockets
/// (<see cref="RpcServerOptions.MaxTotalPendingReplyBytes"/>). Within it every connection reads freely; beyond it a
/// connection holding more than an even share stops reading until its peer takes its replies (back-pressure on the
/// peers that hoard, not on everyone).
/// </summary>
internal sealed class ReplyBudget
{
    private readonly long _limit;
    private long _share;
    private PaddedTotal _total;

    public ReplyBudget(long limit)
    {
        _limit = limit;
        _share = limit;
    }

    /// <summary>Gets the unsent reply bytes of all connections together.</summary>
    public long Total => Interlocked.Read(ref _total.Value);

    public long Limit => _limit;

    /// <summary>Adds (or, negative, removes) bytes; writers call it once per flush and once per send, not per reply.</summary>
    public void Add(long bytes) => Interlocked.Add(ref _total.Value, bytes);

    /// <summary>Sets the number of open connections the budget is shared by.</summary>
    public void SetConnections(int count) => Volatile.Write(ref _share, _limit / Math.Max(1, count));

    /// <summary>Tells whether a connection with <paramref name="unsent"/> reply bytes waiting may read more calls.</summary>
    /// <remarks>
    /// Called for every record. A connection within its even share reads on without looking at the total, which
    /// every connection's writer keeps changing: that cache line is read only by a connection past its share (the
    /// total is read without a lock; a torn read on a 32-bit runtime only errs for one record).
    /// </remarks>
    public bool Allows(long unsent) =>
        unsent <= Volatile.Read(ref _share) || Volatile.Read(ref _total.Value) <= _limit;

    /// <summary>The total on a cache line of its own, so the writers' updates do not slow the readers of the share.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct PaddedTotal
    {
        [FieldOffset(64)]
        public long Value;
    }
}
