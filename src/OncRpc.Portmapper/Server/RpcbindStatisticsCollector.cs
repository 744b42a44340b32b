namespace OncRpc.Portmapper.Server;

/// <summary>The counters behind RPCBPROC_GETSTAT, one set per protocol version (2, 3, 4).</summary>
internal sealed class RpcbindStatisticsCollector
{
    // rpcbind keeps at most this many address-lookup rows per version; later distinct lookups are not recorded.
    private const int MaxLookupRows = 256;

    private readonly object _gate = new();
    private readonly int[][] _calls = [new int[RpcbindStatistics.ProcedureCount], new int[RpcbindStatistics.ProcedureCount], new int[RpcbindStatistics.ProcedureCount]];
    private readonly int[] _sets = new int[3];
    private readonly int[] _unsets = new int[3];
    private readonly List<RpcbindAddressStatistic>[] _lookups = [[], [], []];

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

        lock (_gate)
        {
            List<RpcbindAddressStatistic> rows = _lookups[v];
            int i = rows.FindIndex(r => r.Program == program && r.Version == programVersion && r.NetId == netId);
            if (i < 0)
            {
                if (rows.Count >= MaxLookupRows)
                {
                    return;
                }

                rows.Add(new RpcbindAddressStatistic(program, programVersion, success ? 1 : 0, success ? 0 : 1, netId));
                return;
            }

            RpcbindAddressStatistic row = rows[i];
            rows[i] = row with { Successes = row.Successes + (success ? 1 : 0), Failures = row.Failures + (success ? 0 : 1) };
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
        new(_calls[v].Select(c => Volatile.Read(ref c)).ToArray(), Volatile.Read(ref _sets[v]), Volatile.Read(ref _unsets[v]), [.. _lookups[v]], []);
}
