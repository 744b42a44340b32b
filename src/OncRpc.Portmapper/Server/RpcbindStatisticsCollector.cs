namespace OncRpc.Portmapper.Server;

/// <summary>The counters behind RPCBPROC_GETSTAT, one set per protocol version (2, 3, 4).</summary>
internal sealed class RpcbindStatisticsCollector
{
    // At most this many address-lookup rows, and as many remote-call rows, per version; later distinct ones are not
    // recorded. Rows are listed newest first, as rpcbind does.
    private const int MaxLookupRows = 256;

    private readonly object _gate = new();
    private readonly int[][] _calls = [new int[RpcbindStatistics.ProcedureCount], new int[RpcbindStatistics.ProcedureCount], new int[RpcbindStatistics.ProcedureCount]];
    private readonly int[] _sets = new int[3];
    private readonly int[] _unsets = new int[3];
    private readonly List<RpcbindAddressStatistic>[] _lookups = [[], [], []];
    private readonly List<RpcbindRemoteCallStatistic>[] _remoteCalls = [[], [], []];

    public void CountCall(uint version, uint procedure)
    {
        if (Index(version) is int v && procedure < RpcbindStatistics.ProcedureCount)
        {
            Interlocked.Increment(ref _calls[v][procedure]);
        }
    }

    public void CountSet(uint version, bool unset)
    {
        if (Index(version) is int v)
        {
            Interlocked.Increment(ref (unset ? _unsets : _sets)[v]);
        }
    }

    public void CountLookup(uint version, uint program, uint programVersion, string netId, bool success)
    {
        if (Index(version) is not int v)
        {
            return;
        }

        int successes = success ? 1 : 0;
        int failures = success ? 0 : 1;
        lock (_gate)
        {
            Record(
                _lookups[v],
                r => r.Program == program && r.Version == programVersion && r.NetId == netId,
                new RpcbindAddressStatistic(program, programVersion, successes, failures, netId),
                row => row with { Successes = row.Successes + successes, Failures = row.Failures + failures });
        }
    }

    /// <summary>
    /// Records a remote call (CALLIT, BCAST or INDIRECT) in the block of the rpcbind version it came in on, as rpcbind
    /// does when it looks the target up: one row per program, version, procedure and arrival netid, a success when
    /// the exact version is registered (the call is forwarded), a failure otherwise, and the indirect count raised
    /// for each call that came through INDIRECT.
    /// </summary>
    public void CountRemoteCall(uint version, bool indirect, uint program, uint programVersion, uint procedure, string netId, bool success)
    {
        if (Index(version) is not int v)
        {
            return;
        }

        int successes = success ? 1 : 0;
        int failures = success ? 0 : 1;
        int indirects = indirect ? 1 : 0;
        lock (_gate)
        {
            Record(
                _remoteCalls[v],
                r => r.Program == program && r.Version == programVersion && r.Procedure == procedure && r.NetId == netId,
                new RpcbindRemoteCallStatistic(program, programVersion, procedure, successes, failures, indirects, netId),
                row => row with { Successes = row.Successes + successes, Failures = row.Failures + failures, Indirect = row.Indirect + indirects });
        }
    }

    /// <summary>
    /// Adds to the row that <paramref name="match"/> finds, or puts <paramref name="fresh"/> first (newest first, as
    /// rpcbind keeps its lists) while there are fewer than <see cref="MaxLookupRows"/> rows. Called under the lock.
    /// </summary>
    private static void Record<T>(List<T> rows, Predicate<T> match, T fresh, Func<T, T> merge)
    {
        int i = rows.FindIndex(match);
        if (i >= 0)
        {
            rows[i] = merge(rows[i]);
        }
        else if (rows.Count < MaxLookupRows)
        {
            rows.Insert(0, fresh);
        }
    }

    public RpcbindStatisticsByVersion Snapshot()
    {
        lock (_gate)
        {
            return new RpcbindStatisticsByVersion(Build(0), Build(1), Build(2));
        }
    }

    private static int? Index(uint version) => version is >= 2 and <= 4 ? (int)version - 2 : null;

    private RpcbindStatistics Build(int v) =>
        new(_calls[v].Select(c => Volatile.Read(ref c)).ToArray(), Volatile.Read(ref _sets[v]), Volatile.Read(ref _unsets[v]), [.. _lookups[v]], [.. _remoteCalls[v]]);
}
