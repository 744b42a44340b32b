namespace OncRpc.Server.Transport;

/// <summary>
/// The server-wide budget of reply bytes written but not yet taken by the sockets
/// (<see cref="RpcServerOptions.MaxTotalPendingReplyBytes"/>). Within it every connection reads freely; beyond it a
/// connection holding more than an even share stops reading until its peer takes its replies (back-pressure on the
/// peers that hoard, not on everyone).
/// </summary>
internal sealed class ReplyBudget(long limit)
{
    private long _total;
    private int _connections = 1;

    /// <summary>Gets the unsent reply bytes of all connections together.</summary>
    public long Total => Interlocked.Read(ref _total);

    public long Limit => limit;

    /// <summary>Adds (or, negative, removes) bytes; writers call it once per flush and once per send, not per reply.</summary>
    public void Add(long bytes) => Interlocked.Add(ref _total, bytes);

    /// <summary>Sets the number of open connections the budget is shared by.</summary>
    public void SetConnections(int count) => Volatile.Write(ref _connections, Math.Max(1, count));

    /// <summary>Tells whether a connection with <paramref name="unsent"/> reply bytes waiting may read more calls.</summary>
    /// <remarks>
    /// Called for every record, so the common case (nothing waiting) costs one comparison; the total is read without
    /// a lock (a torn read on a 32-bit runtime only errs for one record).
    /// </remarks>
    public bool Allows(long unsent) =>
        unsent == 0 || Volatile.Read(ref _total) <= limit || unsent <= limit / Volatile.Read(ref _connections);
}
